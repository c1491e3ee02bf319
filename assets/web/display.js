// The lobby screen: follows the event stream, shows each call large (flashing), the recent calls
// with window and floor, and the waiting counts per department. Never a name or phone number.
// ?floor=N shows only that floor's calls and departments. The ticker shows the hall's notices
// from their start to their end, then whether ticketing is open.
'use strict';

(() => {
  const floor = new URL(location.href).searchParams.get('floor');
  const recentLimit = 8;
  let departments = new Map(); // id → {zh, en, floor}
  let recent = [];
  let timeZone; // the hall's, from its snapshot; the screen's own may be anything
  let notices = []; // the hall's display notices not yet ended
  let standingLine = '';
  let hallOffsetMs = 0; // the controller's clock less this screen's: notices start and end by it

  const $ = (id) => document.getElementById(id);
  const onThisFloor = (f) => floor === null || String(f) === floor;

  function renderTicker() {
    const now = Date.now() + hallOffsetMs;
    const shown = notices.filter((n) => Date.parse(n.startsAt) <= now && now < Date.parse(n.endsAt))
      .map((n) => (n.text.en ? `${n.text.zh} · ${n.text.en}` : n.text.zh));
    Queuehall.text($('ticker'), [...shown, standingLine].filter(Boolean).join('　｜　'));
  }

  function tick() {
    const now = new Date();
    Queuehall.text($('clock'), now.toLocaleTimeString('zh-CN', { hour12: false, timeZone }));
    renderTicker();
  }
  setInterval(tick, 1000);
  tick();

  function showCall(data, flash) {
    Queuehall.text($('latest-number'), data.number);
    Queuehall.text($('latest-where'), `请到 ${data.floor} 楼 ${data.window} 号窗口 · Floor ${data.floor}, window ${data.window}`);
    const latest = $('latest');
    if (flash) {
      latest.classList.remove('flash');
      void latest.offsetWidth; // restart the animation
      latest.classList.add('flash');
    }
  }

  function renderRecent() {
    const list = $('recent-calls');
    list.replaceChildren(...recent.map((c) => {
      const li = document.createElement('li');
      li.dataset.number = c.number;
      li.innerHTML = '<span></span><span></span>';
      li.children[0].textContent = c.number;
      li.children[1].textContent = `${c.floor} 楼 ${c.window} 号窗口 · F${c.floor} W${c.window}`;
      return li;
    }));
  }

  async function refreshWaiting() {
    try {
      const [hall, services] = await Promise.all([Queuehall.api('GET', '/api/v1/hall'),
                                                  Queuehall.api('GET', '/api/v1/services')]);
      departments = new Map(services.departments.map((d) => [d.id, d]));
      Queuehall.text($('hall'), `${hall.hall.zh} · ${hall.hall.en}`);
      const counts = new Map();
      for (const q of hall.queues)
        counts.set(q.department, (counts.get(q.department) || 0) + q.waiting);
      const rows = [...departments.values()].filter((d) => onThisFloor(d.floor) && counts.get(d.id));
      $('waiting-list').replaceChildren(...rows.map((d) => {
        const li = document.createElement('li');
        li.innerHTML = '<span></span><span></span>';
        li.children[0].textContent = `${d.name.zh} ${d.name.en}`;
        li.children[1].textContent = counts.get(d.id);
        return li;
      }));
      notices = hall.notices;
      hallOffsetMs = Date.parse(hall.localTime) - Date.now();
      standingLine = hall.issuingOpen ? '请留意叫号，过号请到窗口咨询 · Please listen for your number'
                                      : `今日取号已结束 · Ticketing has closed (${hall.issuingClosedReason})`;
      renderTicker();
    } catch (e) {
      Queuehall.text($('connection'), e.message);
    }
  }

  // The spoken calls, one after another, never overlapping; a recall is announced again.
  const voice = new Audio();
  const announcements = [];
  let speaking = false;
  function announce(seq) {
    announcements.push(`/api/v1/announcements/${seq}.wav?access_token=${encodeURIComponent(Queuehall.token())}`);
    if (!speaking)
      speakNext();
  }
  function speakNext() {
    const next = announcements.shift();
    speaking = next !== undefined;
    if (!speaking)
      return;
    voice.src = next;
    voice.play().catch(() => speakNext()); // no sound allowed (or none made): the screen still shows it
  }
  voice.addEventListener('ended', speakNext);
  voice.addEventListener('error', speakNext);

  // Waiting counts change with nearly every event; a burst of them needs one refresh.
  let refreshTimer = null;
  function refreshWaitingSoon() {
    if (refreshTimer === null)
      refreshTimer = setTimeout(() => { refreshTimer = null; refreshWaiting(); }, 500);
  }

  Queuehall.follow({
    onSnapshot(snapshot) {
      timeZone = snapshot.timeZone;
      tick();
      const calls = snapshot.recentCalls.filter((e) => onThisFloor(e.data.floor)).map((e) => e.data);
      recent = calls.slice(0, recentLimit);
      if (recent.length)
        showCall(recent[0], false);
      renderRecent();
      refreshWaiting();
    },
    onEvent(event) {
      if (event.type === 'ticket.called' || event.type === 'ticket.recalled') {
        if (onThisFloor(event.data.floor)) {
          recent = [event.data, ...recent.filter((c) => c.number !== event.data.number)].slice(0, recentLimit);
          showCall(event.data, true);
          renderRecent();
          announce(event.seq);
        }
      }
      if (event.type.startsWith('ticket.') || event.type.startsWith('notice.'))
        refreshWaitingSoon();
      if (event.type === 'hall.changed')
        location.reload(); // departments, services and windows may all have changed
    },
    onState(state, reason) {
      Queuehall.text($('connection'), state === 'connected' ? '' : state === 'refused' ? `拒绝 refused: ${reason}` : '重新连接中… reconnecting');
      document.body.dataset.connection = state;
    },
  });
})();
