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
    <message>
        <source>Search services</source>
        <translation>搜索事项</translation>
    </message>
    <message>
        <source>Search: pinyin initials or pinyin, e.g. ldht, laodong</source>
        <translation>搜索事项：拼音首字母或全拼，如 ldht、laodong</translation>
    </message>
    <message>
        <source>Look up a case</source>
        <translation>查询办件</translation>
    </message>
    <message>
        <source>Type the serial number and the 6-digit password you were given at the window.</source>
        <translation>请输入窗口给您的办件流水号和 6 位查询密码。</translation>
    </message>
    <message>
        <source>Serial number, e.g. SHIZHONG-20261202-000017</source>
        <translation>办件流水号，如 SHIZHONG-20261202-000017</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>办件流水号</translation>
    </message>
    <message>
        <source>Password, 6 digits</source>
        <translation>查询密码，6 位数字</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>查询密码</translation>
    </message>
    <message>
        <source>Please type the serial number and all 6 digits of the password.</source>
        <translation>请输入办件流水号和完整的 6 位查询密码。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: please try again later or ask at the information desk.</source>
        <translation>密码错误次数过多，请稍后再试或到咨询台询问。</translation>
    </message>
    <message>
        <source>The lookup is not available now: please ask at the information desk.</source>
        <translation>暂时无法查询，请到咨询台询问。</translation>
    </message>
    <message>
        <source>The serial number or the password is wrong.</source>
        <translation>办件流水号或查询密码不正确。</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Waiting for your documents</source>
        <translation>待补正材料</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>Documents requested</source>
        <translation>补正材料</translation>
    </message>
    <message>
        <source>Documents received</source>
        <translation>材料补齐</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>准予许可</translation>
    </message>
    <message>
        <source>not approved</source>
        <translation>不予许可</translation>
    </message>
    <message>
        <source>Accepted %1 at window %2, floor %3 · due %4</source>
        <translation>%1 于 %3 楼 %2 号窗口受理 · 承诺 %4 前办结</translation>
    </message>
    <message>
        <source>(the clock stops until your documents arrive)</source>
        <translation>（补正期间暂停计时）</translation>
    </message>
    <message>
        <source>%1 · %2 · window %3</source>
        <translation>%1 · %2 · %3 号窗口</translation>
    </message>
    <message>
        <source>Take a ticket with SMS updates</source>
        <translation>短信通知取号</translation>
    </message>
    <message>
        <source>Your number, your turn and your case&apos;s progress by text message</source>
        <translation>号码、叫号和办件进度免费短信通知</translation>
    </message>
    <message>
        <source>Your mobile number</source>
        <translation>请输入手机号码</translation>
    </message>
    <message>
        <source>11 digits, e.g. 138 0013 8000</source>
        <translation>11 位手机号，如 138 0013 8000</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>This is not a mainland mobile number.</source>
        <translation>这不是有效的大陆手机号码。</translation>
    </message>
    <message>
        <source>Used only for free text messages about this visit and erased after 30 days. Reply TD to stop them.</source>
        <translation>号码仅用于本次办事的免费短信通知，30 天后删除。回复 TD 退订。</translation>
    </message>
    <message>
        <source>Take the ticket</source>
        <translation>确认取号</translation>
    </message>
    <message>
        <source>No SMS, just the ticket</source>
        <translation>不要短信，直接取号</translation>
    </message>
    <message>
        <source>Text messages go to %1</source>
        <translation>短信将发送至 %1</translation>
    </message>
    <message>
        <source>Appointment check-in</source>
        <translation>预约取号</translation>
    </message>
    <message>
        <source>Please type all 10 digits of your booking&apos;s code.</source>
        <translation>请输入完整的 10 位预约码。</translation>
    </message>
    <message>
        <source>This code is not a booking&apos;s code. Please scan the code from your booking, or type it.</source>
        <translation>这不是预约码。请扫描预约时得到的二维码，或手动输入预约码。</translation>
    </message>
    <message>
        <source>No booking has this code. Please check it, or ask at the information desk.</source>
        <translation>没有找到这个预约码，请核对后重试，或到咨询台询问。</translation>
    </message>
    <message>
        <source>Your booking is at %1. Please come back from %2 to take your number.</source>
        <translation>您预约的时间是 %1，请在 %2 以后再来取号。</translation>
    </message>
    <message>
        <source>Your booking at %1 has lapsed: you are past its grace period. You can take a walk-in ticket instead.</source>
        <translation>您 %1 的预约已过保留时间而失效，可以改取现场号。</translation>
    </message>
    <message>
        <source>This booking has its ticket already: %1.</source>
        <translation>此预约已经取过号：%1。</translation>
    </message>
    <message>
        <source>This booking was cancelled.</source>
        <translation>此预约已取消。</translation>
    </message>
    <message>
        <source>This booking is for %1 at %2, not today.</source>
        <translation>此预约是 %1 %2 的，不是今天。</translation>
    </message>
    <message>
        <source>The booked service is not served today. Please ask at the information desk.</source>
        <translation>预约的事项今天不办理，请到咨询台询问。</translation>
    </message>
    <message>
        <source>Check-in is not available now: please ask at the information desk.</source>
        <translation>暂时无法预约取号，请到咨询台询问。</translation>
    </message>
    <message>
        <source>Type the 10-digit code of your booking, or hold its QR code under the scanner.</source>
        <translation>请输入 10 位预约码，或将预约二维码对准扫码器。</translation>
    </message>
    <message>
        <source>Booking code, 10 digits</source>
        <translation>预约码，10 位数字</translation>
    </message>
    <message>
        <source>Booking code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <source>Take a walk-in ticket</source>
        <translation>改取现场号</translation>
    </message>
    <message>
        <source>Take my number</source>
        <translation>取号</translation>
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
