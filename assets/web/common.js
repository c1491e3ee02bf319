// Shared by the controller's pages: the device token (kept out of the address bar and history),
// API calls, and an event stream that reconnects with `since` so no event is missed.
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

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: Object.assign({ 'Authorization': 'Bearer ' + token() },
                             body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok)
      throw new Error((json && json.error && json.error.message) || response.statusText);
    return json;
  }

  // Calls onSnapshot(snapshot) on each (re)connection and onEvent(event) for every event, in
  // order, exactly once; reconnects after 1, 2, 4 ... 10 s with the last seq seen.
  function follow({ onSnapshot, onEvent, onState }) {
    let lastSeq = null;
    let delay = 1000;
    function connect() {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      const since = lastSeq === null ? '' : '&since=' + lastSeq;
      const socket = new WebSocket(`${scheme}://${location.host}/api/v1/events?access_token=${encodeURIComponent(token())}${since}`);
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
        if (close.code === 1008 && /token|may not/.test(close.reason)) {
          onState && onState('refused', close.reason);
          return; // a wrong token does not get better by retrying
        }
        onState && onState('reconnecting');
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 10000);
      };
    }
    connect();
  }

  function text(node, value) { node.textContent = value; }

  return { token, api, follow, text };
})();
