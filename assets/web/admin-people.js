// The admin pages' people and devices: staff accounts with their roles (added, edited, a password
// or PIN reset, disabled) and the devices' tokens (added, shown once with a display's or caller's
// start URL as a QR code, revoked).
import { $, t, isAdmin, call, cell, row, button, change, departmentName } from '/web/admin-ui.js';

const roleNames = { clerk: ['窗口人员', 'Clerk'], head: ['部门负责人', 'Department head'],
                    admin: ['大厅管理员', 'Hall admin'], auditor: ['审计', 'Auditor'] };
export const roleText = (roles) => roles.map((r) => t(...(roleNames[r] || [r, r]))).join(', ');

let staff = [], devices = [];

export async function refreshStaff() {
  staff = (await call('GET', '/api/v1/staff')).staff;
  renderStaff();
}

function editAccount(s) {
  const form = $('staff-form');
  form.elements.number.value = s.number;
  form.elements.number.readOnly = true;
  form.elements.name.value = s.name;
  form.elements.department.value = s.department;
  for (const box of form.querySelectorAll('input[name=roles]'))
    box.checked = s.roles.includes(box.value);
  form.elements.secret.value = '';
  form.dataset.editing = s.number;
  form.scrollIntoView({ block: 'nearest' });
}

export function renderStaff() {
  const admin = isAdmin();
  $('staff').tBodies[0].replaceChildren(...staff.map((s) => {
    const state = !s.active ? t('已停用', 'disabled') : s.locked ? t('已锁定', 'locked')
      : s.window ? `${t('已登录窗口', 'at window')} ${s.window}` : t('正常', 'active');
    const actions = cell('');
    if (admin && s.active) {
      actions.append(button(t('编辑', 'Edit'), () => editAccount(s), 'edit'), button(t('重置密码', 'Reset'), () => {
        const secret = prompt(t(`${s.name} 的新密码或PIN`, `New password or PIN for ${s.name}`));
        if (secret)
          change(() => call('POST', `/api/v1/staff/${s.number}/reset`, { secret }), refreshStaff);
      }, 'reset'), button(t('停用', 'Disable'), () => change(() => call('POST', `/api/v1/staff/${s.number}/disable`, {}), refreshStaff), 'disable'));
    }
    return row([cell(s.number), cell(s.name), cell(departmentName(s.department)), cell(roleText(s.roles)),
                cell(state, s.active ? '' : 'muted'), actions], { staff: s.number });
  }));
}

export async function refreshDevices() {
  devices = (await call('GET', '/api/v1/devices')).devices;
  renderDevices();
}

const deviceRoles = { kiosk: ['取号机', 'Kiosk'], caller: ['窗口叫号', 'Caller'], display: ['显示屏', 'Display'], admin: ['管理', 'Admin'],
  booking: ['预约平台', 'Booking platform'] };

export function renderDevices() {
  const admin = isAdmin();
  $('devices').tBodies[0].replaceChildren(...devices.map((d) => row([
    cell(d.id), cell(d.name), cell(t(...deviceRoles[d.role])), cell(d.window || ''), cell(d.createdAt.slice(0, 16).replace('T', ' ')),
    cell(d.revoked ? t('已吊销', 'revoked') : t('有效', 'active'), d.revoked ? 'muted' : ''),
    admin && !d.revoked ? (() => {
      const td = cell('');
      td.append(button(t('吊销', 'Revoke'), () => change(() => call('POST', `/api/v1/devices/${d.id}/revoke`, {}), refreshDevices), 'revoke'));
      return td;
    })() : cell('')], { device: d.id })));
}

export function setUpPeople() {
  $('staff-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const form = e.target;
    const body = { number: form.number.value.trim(), name: form.name.value.trim(), department: form.department.value,
                   roles: [...form.querySelectorAll('input[name=roles]:checked')].map((c) => c.value), secret: form.secret.value };
    const editing = form.dataset.editing;
    if (editing) {
      delete body.number;
      if (!body.secret)
        delete body.secret;
    }
    change(() => call('POST', editing ? `/api/v1/staff/${editing}/edit` : '/api/v1/staff', body), async () => {
      form.reset();
      form.elements.number.readOnly = false;
      delete form.dataset.editing;
      await refreshStaff();
    }, $('staff-form-message'));
  });
  $('staff-form').addEventListener('reset', (e) => {
    e.target.elements.number.readOnly = false;
    delete e.target.dataset.editing;
  });
  $('device-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.target.elements;
    const body = { role: f.role.value };
    if (f.name.value.trim())
      body.name = f.name.value.trim();
    if (f.window.value)
      body.window = Number(f.window.value);
    change(async () => {
      const added = await call('POST', '/api/v1/devices', body);
      // The token is shown this once; a display's or caller's start URL also as a QR code.
      const shown = $('device-token');
      shown.replaceChildren(Object.assign(document.createElement('p'), {
        textContent: t(`${added.name} 的令牌（仅显示一次）：`, `Token for ${added.name} (shown only now): `) + added.token }));
      if (added.startUrl) {
        shown.append(Object.assign(document.createElement('p'), { textContent: added.startUrl }));
        const img = document.createElement('img');
        img.alt = 'QR';
        img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(added.qrSvg);
        shown.append(img);
      }
      shown.hidden = false;
      e.target.reset();
    }, refreshDevices, $('device-form-message'));
  });
}

