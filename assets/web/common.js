// Shared by the controller's pages: the device token (kept out of the address bar and history),
// or the admin pages' session cookie with its CSRF token; API calls, an event stream that reconnects with `since` so no event is missed, and the five
// levels of 好差评 that the status and case pages offer.
'use strict';

const Queuehall = (() => {
  // The token comes once as ?access_token= (a TV's start URL); it is moved to sessionStorage and
  // removed from the address, so it stays out of the history and of later requests' logs.
  function token() {
    const url = new URL(location.href);
    const given = url.searchParams.get('access_token');
    if (given) {
      sessionStorage.setItem('queuehall.token', given);
      url.searchParams.delete('access_token');
      history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
    return sessionStorage.getItem('queuehall.token') || '';
  }

  // The admin pages' CSRF token, sent with every change made through the session cookie.
  let csrf = '';
  function setCsrf(value) { csrf = value || ''; }

  // Throws an Error with the API's message, and its `status` and `code`.
  async function api(method, path, body) {
    const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
    if (token())
      headers['Authorization'] = 'Bearer ' + token();
    if (csrf && method !== 'GET')
      headers['X-CSRF-Token'] = csrf;
    const response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error((json && json.error && json.error.message) || response.statusText);
      error.status = response.status;
      error.code = json && json.error && json.error.code;
      throw error;
    }
    return json;
  }

  // Calls onSnapshot(snapshot) on each (re)connection and onEvent(event) for every event, in
  // order, exactly once; reconnects after 1, 2, 4 ... 10 s with the last seq seen. Returns a
  // function that ends the stream for good.
  function follow({ onSnapshot, onEvent, onState }) {
    let lastSeq = null;
    let delay = 1000;
    let socket = null;
    let stopped = false;
    function connect() {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      const since = lastSeq === null ? '' : '&since=' + lastSeq;
      // Without a token the browser's session cookie goes along (the admin pages).
      const auth = token() ? 'access_token=' + encodeURIComponent(token()) : '';
      socket = new WebSocket(`${scheme}://${location.host}/api/v1/events?${auth}${since}`);
      socket.onopen = () => { delay = 1000; onState && onState('connected'); };
      socket.onmessage = (message) => {
        const m = JSON.parse(message.data);
        if (m.error) {
          onState && onState('refused', m.error.message);
          return;
        }
        if (m.type === 'snapshot') {
          if (lastSeq === null)
            lastSeq = m.seq;
          onSnapshot && onSnapshot(m.data);
          return;
        }
        if (lastSeq !== null && m.seq <= lastSeq)
          return; // already seen
        lastSeq = m.seq;
        onEvent && onEvent(m);
      };
      socket.onclose = (close) => {
        if (stopped)
          return;
        if (close.code === 1008 && /token|may not|session/.test(close.reason)) {
          onState && onState('refused', close.reason);
          return; // a wrong token does not get better by retrying
        }
        onState && onState('reconnecting');
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 10000);
      };
    }
    connect();
    return () => { stopped = true; socket.close(); };
  }

  function text(node, value) { node.textContent = value; }

  const levels = { 5: '非常满意 Very satisfied', 4: '满意 Satisfied', 3: '基本满意 Fair',
                   2: '不满意 Dissatisfied', 1: '非常不满意 Very dissatisfied' };

  // Fills `card` (hidden until offered) with the five levels; rate(level) posts one and returns
  // the answer's {ratable, rating} or throws with the reason. `thanks` shows the rating given.
  function ratingCard(card, thanks, rate) {
    const row = document.createElement('div');
    row.className = 'levels';
    for (const level of [5, 4, 3, 2, 1]) {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.rating = level;
      const [zh, ...en] = levels[level].split(' ');
      button.append(zh, document.createElement('br'), en.join(' '));
      button.addEventListener('click', async () => {
        try {
          show(await rate(level));
        } catch (error) {
          text(thanks, '未能评价 Not rated: ' + error.message);
          thanks.hidden = false;
        }
      });
      row.append(button);
    }
    const prompt = document.createElement('p');
    prompt.textContent = '请评价本次服务 · Please rate our service';
    card.replaceChildren(prompt, row);
    function show(answer) {
      card.hidden = !answer.ratable;
      thanks.hidden = answer.rating === undefined;
      if (answer.rating !== undefined)
        text(thanks, `感谢您的评价 · Thank you: ${levels[answer.rating]}`);
    }
    return show;
  }

  return { token, api, setCsrf, follow, text, ratingCard };
})();
