// The page behind a ticket's QR code: state, people ahead, estimated wait, the calling window;
// once the ticket is completed, the five levels of 好差评 to rate it (扫码评价), once.
// Public (the status code is the key), polled every few seconds; it shows no personal data.
'use strict';

(() => {
  const code = location.pathname.split('/').pop();
  const states = {
    issuing: '正在出票 Printing', waiting: '等候中 Waiting', called: '请到窗口办理 Please go to the window now',
    serving: '办理中 Being served', held: '暂缓办理 On hold', completed: '已办结 Done',
    transferred: '已转办 Transferred', no_show: '已过号 Missed', voided: '已作废 Void',
  };
  const $ = (id) => document.getElementById(id);
  const showRating = Queuehall.ratingCard($('rate'), $('rated'), async (rating) => {
    const response = await fetch(`/api/v1/tickets/${encodeURIComponent(code)}/rating`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rating }),
    });
    const t = await response.json();
    if (!response.ok)
      throw new Error(t.error ? t.error.message : response.statusText);
    return t;
  });

  async function refresh() {
    try {
      const response = await fetch('/api/v1/tickets/' + encodeURIComponent(code));
      const t = await response.json();
      if (!response.ok)
        throw new Error(t.error ? t.error.message : response.statusText);
      Queuehall.text($('number'), t.number);
      // Called: the headline itself says where to go.
      Queuehall.text($('state'), t.state === 'called' && t.window
                                   ? `请到 ${t.window} 号窗口办理 · Please go to window ${t.window} now`
                                   : states[t.state] || t.state);
      document.body.className = t.state;
      Queuehall.text($('service'), `${t.serviceName.zh} ${t.serviceName.en}`);
      Queuehall.text($('ahead'), t.state === 'waiting' ? `${t.ahead} 人 people` : '—');
      Queuehall.text($('wait'), t.state !== 'waiting' || t.estimatedWaitSeconds === null ? '—'
                                : Math.round(t.estimatedWaitSeconds / 60) < 1 ? '即将叫号 · Your number is about to be called'
                                : `约 ${Math.round(t.estimatedWaitSeconds / 60)} 分钟 · about ${Math.round(t.estimatedWaitSeconds / 60)} min`);
      Queuehall.text($('where'), t.window ? `${t.windowFloor} 楼 ${t.window} 号窗口 · floor ${t.windowFloor}, window ${t.window}`
                                          : `${t.floor} 楼 ${t.windows.join(', ')} 号窗口 · floor ${t.floor}`);
      showRating(t);
      Queuehall.text($('updated'), '更新于 Updated ' + new Date().toLocaleTimeString('zh-CN', { hour12: false }));
    } catch (e) {
      Queuehall.text($('updated'), '无法查询 Cannot check now: ' + e.message);
    }
  }
  refresh();
  setInterval(refresh, 3000);
})();
