// The booking page (/book): department → service (with its guide) → day → slot → mobile number
// → the code and its QR for the kiosk; and a booking looked up or cancelled with its code and
// number. Public, for a phone's screen, in Chinese with English at a tap.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  let lang = localStorage.getItem('queuehall.bookLang') === 'en' ? 'en' : 'zh';
  const t = (zh, en) => (lang === 'zh' ? zh : en);
  const name = (text) => (lang === 'zh' ? text.zh : text.en || text.zh);
  const weekdays = { zh: ['日', '一', '二', '三', '四', '五', '六'], en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] };
  const hhmm = (iso) => iso.slice(11, 16);
  const dayText = (date) => {
    const d = new Date(date + 'T12:00:00');
    const [, month, day] = date.split('-').map(Number);
    return lang === 'zh' ? `${month}月${day}日 周${weekdays.zh[d.getDay()]}` : `${weekdays.en[d.getDay()]} ${day}/${month}`;
  };

  let catalog = null;    // the services that take bookings, by department
  let department = null;
  let service = null;
  let calendar = null;   // the chosen service's days and slots
  let day = null;
  let slot = null;
  let booked = null;     // the confirmation on screen

  function press(container, chosen) {
    for (const b of container.querySelectorAll('button'))
      b.setAttribute('aria-pressed', String(b === chosen));
  }

  function button(label, detail, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.append(label);
    if (detail) {
      const small = document.createElement('small');
      small.textContent = detail;
      b.append(small);
    }
    b.addEventListener('click', () => onClick(b));
    return b;
  }

  function renderStatic() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    for (const node of document.querySelectorAll('[data-zh]'))
      node.textContent = node.dataset[lang];
    $('language').textContent = lang === 'zh' ? 'English' : '中文';
    if (catalog) {
      $('hall').textContent = name(catalog.hall);
      document.title = t('预约办事', 'Book an appointment') + ' · ' + name(catalog.hall);
    }
  }

  function renderDepartments() {
    $('departments').replaceChildren(...catalog.departments.map((d) => {
      const b = button(name(d.name), t(`${d.floor} 楼`, `floor ${d.floor}`), (me) => {
        department = d;
        service = null;
        press($('departments'), me);
        renderServices();
      });
      b.dataset.department = d.id;
      if (department && department.id === d.id)
        b.setAttribute('aria-pressed', 'true');
      return b;
    }));
  }

  function renderServices() {
    $('services').replaceChildren(...(department ? department.services : []).map((s) => {
      const b = button(name(s.name), '', (me) => {
        press($('services'), me);
        chooseService(s);
      });
      b.dataset.service = s.id;
      if (service && service.id === s.id)
        b.setAttribute('aria-pressed', 'true');
      return b;
    }));
    renderGuide();
  }

  function renderGuide() {
    $('guide').hidden = !service;
    if (!service)
      return;
    $('guide-title').textContent = name(service.name);
    const g = service.guide;
    $('guide-facts').textContent = t(
      `窗口办理约 ${g.standardMinutes} 分钟 · 法定时限 ${g.timeLimitDays} 个工作日 · 承诺 ${g.promisedDays} 个工作日`,
      `About ${g.standardMinutes} min at the window · legal limit ${g.timeLimitDays} working days · promised ${g.promisedDays}`);
    $('materials').replaceChildren(...g.materials.map((m) => {
      const li = document.createElement('li');
      li.textContent = name(m);
      return li;
    }));
  }

  // Shows the service's days and slots: on the day shown before (slots filled meanwhile), or
  // the first with a free slot.
  async function chooseService(s, keepDay = false) {
    service = s;
    slot = null;
    renderGuide();
    calendar = await Queuehall.api('GET', '/api/v1/appointments/slots?service=' + encodeURIComponent(s.id));
    const shown = keepDay && day && calendar.days.find((d) => d.date === day.date);
    day = shown || calendar.days.find((d) => d.slots.some((x) => x.free > 0)) || calendar.days[0];
    $('pick-slot').hidden = false;
    $('contact').hidden = true;
    renderDays();
  }

  function renderDays() {
    $('days').replaceChildren(...calendar.days.filter((d) => d.slots.length > 0).map((d) => {
      const free = d.slots.reduce((n, x) => n + x.free, 0);
      const b = button(dayText(d.date), free > 0 ? t(`余 ${free}`, `${free} free`) : t('已约满', 'full'), (me) => {
        day = d;
        slot = null;
        press($('days'), me);
        $('contact').hidden = true;
        renderSlots();
      });
      b.dataset.date = d.date;
      if (day && day.date === d.date)
        b.setAttribute('aria-pressed', 'true');
      return b;
    }));
    renderSlots();
  }

  function renderSlots() {
    const slots = day ? day.slots : [];
    $('no-slots').hidden = slots.length > 0;
    $('session').textContent = day && day.session
      ? name(day.session) + (day.appointmentsOnly ? t('（仅限预约）', ' (appointments only)') : '')
      : '';
    $('slots').replaceChildren(...slots.map((x) => {
      const b = button(`${hhmm(x.start)}–${hhmm(x.end)}`,
                       x.free > 0 ? t(`余 ${x.free}`, `${x.free} free`) : t('已约满', 'full'), (me) => {
        slot = x;
        press($('slots'), me);
        $('slot-message').textContent = '';
        $('contact').hidden = false;
        $('chosen').textContent = `${name(service.name)} · ${dayText(day.date)} ${hhmm(x.start)}–${hhmm(x.end)}`;
        $('phone').focus();
      });
      b.dataset.start = x.start;
      b.disabled = x.free === 0;
      if (slot && slot.start === x.start)
        b.setAttribute('aria-pressed', 'true');
      return b;
    }));
  }

  function refusal(error) {
    if (error.status === 429)
      return t('操作过于频繁，请稍后再试', 'Too many tries from here; please try again later');
    switch (error.code) {
    case 'slot_full': return t('该时段刚刚约满，请选择其他时段', 'This time has just filled up; please pick another');
    case 'booking_limit': return t('该手机号的预约已达上限：', 'This number has as many bookings as allowed: ') + error.message;
    case 'invalid': return t('请填写正确的手机号码（11 位）', 'Please give a mainland mobile number (11 digits)');
    case 'not_found': return t('预约码或手机号不正确', 'The code or the number is wrong');
    case 'wrong_state': return t('此预约已不能取消：', 'This booking can no longer be cancelled: ') + error.message;
    default: return error.message;
    }
  }

  function renderConfirmation() {
    $('confirmation').hidden = !booked;
    if (!booked)
      return;
    $('code').textContent = booked.code.replace(/(\d{4})(\d{3})(\d{3})/, '$1 $2 $3');
    // The SVG is the controller's own rendering of the code (libqrencode), not user input.
    $('qr').innerHTML = booked.qrSvg;
    $('booked-what').textContent = name(booked.serviceName);
    $('booked-when').textContent = `${dayText(booked.day)} ${hhmm(booked.start)}–${hhmm(booked.end)}`;
    // The hall's own time of day, as the slot gives it, less the minutes a check-in may be early.
    const [h, m] = hhmm(booked.start).split(':').map(Number);
    const early = Math.max(0, h * 60 + m - catalog.earlyMinutes);
    const from = `${String(Math.floor(early / 60)).padStart(2, '0')}:${String(early % 60).padStart(2, '0')}`;
    $('how').textContent = t(
      `请于 ${from} 后到大厅自助取号机点“预约取号”，输入预约码或扫描二维码取号；迟到超过 ${catalog.graceMinutes} 分钟预约失效。` +
        (catalog.sms ? '预约码已通过短信发送到您的手机，前一天和前一小时会再次提醒。' : ''),
      `From ${from}, tap "Appointment" at a kiosk in the hall and type the code or scan the QR; more than ${catalog.graceMinutes} min late and the booking lapses.` +
        (catalog.sms ? ' The code is sent to your phone by SMS, with reminders the day before and an hour before.' : ''));
  }

  $('contact').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('book-message').textContent = '';
    $('book').disabled = true;
    try {
      booked = await Queuehall.api('POST', '/api/v1/appointments', {
        service: service.id, start: slot.start, phone: $('phone').value.replace(/\D/g, ''), lang });
      $('contact').hidden = true;
      $('pick-slot').hidden = true;
      renderConfirmation();
      $('confirmation').scrollIntoView();
    } catch (error) {
      $('book-message').textContent = refusal(error);
      if (error.code === 'slot_full') {
        await chooseService(service, true);
        $('slot-message').textContent = refusal(error);
      }
    } finally {
      $('book').disabled = false;
    }
  });

  $('again').addEventListener('click', () => {
    booked = null;
    renderConfirmation();
    chooseService(service);
  });

  async function byCode(action) {
    $('cancel-message').textContent = '';
    $('cancel-message').className = '';
    try {
      const a = await Queuehall.api('POST', '/api/v1/appointments/' + action, {
        code: $('cancel-code').value.replace(/\s/g, ''), phone: $('cancel-phone').value.replace(/\D/g, '') });
      const states = { booked: t('已预约', 'booked'), checked_in: t('已取号', 'checked in'),
                       cancelled: t('已取消', 'cancelled'), no_show: t('已失效（未到）', 'lapsed (not checked in)') };
      $('cancel-message').textContent =
        `${name(a.serviceName)} · ${dayText(a.day)} ${hhmm(a.start)}–${hhmm(a.end)} · ${states[a.state] || a.state}`;
    } catch (error) {
      $('cancel-message').textContent = refusal(error);
      $('cancel-message').className = 'warning';
    }
  }
  $('cancel').addEventListener('submit', (e) => { e.preventDefault(); byCode('lookup'); });
  $('cancel-booking').addEventListener('click', () => {
    if ($('cancel').reportValidity())
      byCode('cancel');
  });

  $('language').addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('queuehall.bookLang', lang);
    renderStatic();
    renderDepartments();
    renderServices();
    if (calendar) {
      renderDays();
      if (slot)
        $('chosen').textContent = `${name(service.name)} · ${dayText(day.date)} ${hhmm(slot.start)}–${hhmm(slot.end)}`;
    }
    renderConfirmation();
  });

  (async () => {
    renderStatic();
    try {
      catalog = await Queuehall.api('GET', '/api/v1/appointments/services');
    } catch (error) {
      $('hall').textContent = t('暂时无法预约：', 'Booking is unavailable: ') + error.message;
      return;
    }
    renderStatic();
    department = catalog.departments[0] || null;
    renderDepartments();
    renderServices();
  })();
})();
