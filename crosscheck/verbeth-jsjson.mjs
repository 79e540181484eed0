// Records what Node's JSON.stringify, JSON.parse, Number#toString and
// TextDecoder do with a fixed set of inputs, for internal/jsjson's tests.
//
//   node crosscheck/verbeth-jsjson.mjs > internal/jsjson/testdata/node.json
//
// Strings travel as arrays of UTF-16 code units so that lone surrogates
// survive; numbers travel as the hex of their IEEE 754 bits.

const units = (s) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
const bits = (f) => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, f);
  return v.getBigUint64(0).toString(16).padStart(16, '0');
};
const hex = (b) => Buffer.from(b).toString('hex');

const strings = [
  '', 'plain', 'a"b\\c', '\b\f\n\r\t', '\u0000\u0001\u001f\u007f\u0080', '\u000b',
  '<>&/\'', '\u2028\u2029', 'é😀漢', '\ud800', '\udfff', 'a\ud83dz', '\ud83d\ude00',
  '\ude00\ud83d', '\ud83d\ud83d\ude00', '\ufeff', '\uffff', '\u{10ffff}',
];
const numbers = [
  0, -0, 1, -1, 0.1, 0.2 + 0.1, 1e21, 1e20, 123456789012345680000, 1e-6, 1e-7, 1.5e-7,
  5e-324, 1.7976931348623157e308, 123.456, 2 ** 53, 2 ** 53 + 2, -1.5e300, 100, 1e100,
  4.35, 0.000001234, 1234567.0000001, 9007199254740993, 1 / 3, 2 / 3, 1e-300, 7e22, NaN,
  Infinity, -Infinity,
];

const stringify = strings.map((s) => ({ in: units(s), out: JSON.stringify(s) }));
const nums = numbers.map((f) => ({ bits: bits(f), toString: String(f), json: JSON.stringify(f) }));

// A nested value, as the encoder would build it.
const nested = JSON.stringify({ v: 1, b: [true, false, null, [], {}], s: 'x<y', n: -2.5e-8, o: { z: 0 } });

const decodes = [
  '', '41', 'efbbbf41', 'efbbbfefbbbf41', 'c3a9', 'c3', 'c341', 'e282', 'e28241', 'e282ac',
  'eda080', 'f09f9880', 'f09f98', 'f09f9841', 'f0808080', 'f4908080', 'c0af', 'ff', 'fe41',
  '80', 'bf80', 'e0808041', 'ed9fbf', 'edbfbf', 'f48fbfbf', 'f5', 'e1', 'e180', 'c2',
].map((h) => ({ in: h, out: units(new TextDecoder().decode(Buffer.from(h, 'hex'))) }));

const texts = [
  '{}', '[]', '1', '"x"', ' \t\n\r{} ', '{"a":1,"a":2}', '{"a":1,"b":{"a":3},"a":[2]}',
  '"\\ud800"', '"\\ud83d\\ude00"', '"\\uDE00\\uD83D"', '"\\u00e9\\/"', '{"a" : 1 , "b" : [ 1 , 2 ] }',
  '01', '1.', '.1', '-', '-0', '1e5', '1E+5', '1e-5', '1e', '+1', 'NaN', 'Infinity',
  'tru', 'true ', 'nul', '{"a":1,}', '[1,]', '{a:1}', "{'a':1}", '"\t"', '"\\x41"', '"\\u41"',
  '"\\u004G"', '[1 2]', '{"a" 1}', '', ' ', '\ufeff{}', '{}\u00a0', '1e400', '-1e400',
  '[[[[[[[[[[1]]]]]]]]]]', '"\u2028"', '{"__proto__":1}', '"abc', '{"a":1}}', '\u000b1',
  '123456789012345678901234567890', '0.0000001', '"\\"\\\\\\b\\f\\n\\r\\t"',
].map((t) => {
  let ok = true, out = null;
  try { out = JSON.stringify(JSON.parse(t)); } catch { ok = false; }
  return { in: units(t), ok, out };
});

// One entry per line, so that a change shows up as a readable diff.
const section = (name, list) => `"${name}": [\n` + list.map((e) => '  ' + JSON.stringify(e)).join(',\n') + '\n]';
console.log('{\n' + [
  section('stringify', stringify), section('nums', nums), `"nested": ${JSON.stringify(nested)}`,
  section('decodes', decodes), section('texts', texts),
].join(',\n') + '\n}');
