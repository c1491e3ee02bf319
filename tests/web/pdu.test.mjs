// The controller's SMS PDUs against an independent codec from the npm registry (node-pdu): what
// the controller sends decodes there to the number, text and parts intended, and what that codec
// makes as a phone's message is read by the controller as sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Deliver, Submit, parse } from 'node-pdu';

const pdutool = `${process.env.QH_BIN_DIR}/pdutool`;

function run(args, input) {
  const r = spawnSync(pdutool, args, { input, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

// Each text with the parts it needs: 160 septets or 153 a part, 70 UTF-16 units or 67 a part.
const texts = [
  ['GSM 7-bit', 'A012 please go to window 3, floor 1.', 1],
  ['GSM 7-bit with the extension table', 'Price: 5€ [ok] {x} ~ ^ | \\', 1],
  ['GSM 7-bit in two parts', 'Q'.repeat(153) + 'tail of the message', 2],
  ['UCS2', '【测试大厅】请A012号到3号窗口（1楼）办理。', 1],
  ['UCS2, 140 characters in three parts', '您的办件已受理，请凭受理编号和查询密码查询办理进度。'.repeat(6).slice(0, 140), 3],
  ['UCS2 with a surrogate pair kept whole', '好'.repeat(66) + '😀' + '好'.repeat(10), 2],
];

for (const [name, text, parts] of texts) {
  test(`sent, ${name}: node-pdu reads the number, the text and ${parts} part(s)`, () => {
    const pdus = run(['submit', '13800138000', '42'], text);
    assert.equal(pdus.length, parts);
    let whole = '';
    pdus.forEach((hex, i) => {
      const submit = parse(hex);
      assert.ok(submit instanceof Submit);
      assert.equal(submit.address.phone, '13800138000');
      const [part] = submit.data.parts;
      if (parts > 1) {
        assert.equal(part.header.getPointer(), 42);
        assert.equal(part.header.getSegments(), parts);
        assert.equal(part.header.getCurrent(), i + 1);
      } else {
        assert.equal(part.header, null);
      }
      whole += submit.data.getText();
    });
    assert.equal(whole, text);
  });
}

test('a phone\'s messages made by node-pdu are read by the controller, in parts', () => {
  const replies = ['5', '退订', '办事很快，窗口服务态度很好。'.repeat(6), 'Thank you! ' + 'x'.repeat(200)];
  for (const text of replies) {
    const deliver = new Deliver('+8613912345678', text);
    const read = run(['receive', ...deliver.getPartStrings()]).map((line) => JSON.parse(line));
    for (const m of read)
      assert.equal(m.from, '+8613912345678');
    const sorted = read.slice().sort((a, b) => (a.part?.sequence ?? 1) - (b.part?.sequence ?? 1));
    assert.equal(sorted.map((m) => m.text).join(''), text);
    if (read.length > 1)
      assert.ok(read.every((m) => m.part.total === read.length && m.part.reference === read[0].part.reference));
  }
});
