<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Main</name>
    <message>
        <source>no window open</source>
        <translation>暂无窗口办理</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>约 %1 分钟</translation>
    </message>
    <message>
        <source>called very soon</source>
        <translation>即将叫号</translation>
    </message>
    <message>
        <source>Touch to take a number</source>
        <translation>请触摸屏幕取号</translation>
    </message>
    <message>
        <source>Floor %1 · %2 waiting</source>
        <translation>%1 楼 · %2 人等候</translation>
    </message>
    <message>
        <source>No service matches</source>
        <translation>没有找到相关事项</translation>
    </message>
    <message>
        <source>Floor %1, windows %2 · %3 waiting, %4</source>
        <translation>%1 楼 %2 号窗口 · %3 人等候，%4</translation>
    </message>
    <message>
        <source>Floor %1, windows %2 · legal time limit %3 working days</source>
        <translation>%1 楼 %2 号窗口 · 法定时限 %3 个工作日</translation>
    </message>
    <message>
        <source>Please bring:</source>
        <translation>请备齐以下材料：</translation>
    </message>
    <message>
        <source>Take a ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>%1 waiting, %2</source>
        <translation>%1 人等候，%2</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <source>Floor %1, windows %2</source>
        <translation>请到 %1 楼 %2 号窗口办理</translation>
    </message>
    <message>
        <source>%1 ahead of you, %2</source>
        <translation>前面还有 %1 人，%2</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Standard text</source>
        <translation>标准字体</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>大字模式</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search services</source>
        <translation>搜索事项</translation>
    </message>
    <message>
        <source>Search: pinyin initials or pinyin, e.g. ldht, laodong</source>
        <translation>搜索事项：拼音首字母或全拼，如 ldht、laodong</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>收起</translation>
    </message>
</context>
</TS>
