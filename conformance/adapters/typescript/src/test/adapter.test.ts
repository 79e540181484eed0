// The adapter program: hello first, one answer per request with its id, only protocol
// lines on stdout, exit 0 when stdin closes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { answer, hello } from "../dispatch.js";

const adapter = fileURLToPath(new URL("../adapter.js", import.meta.url));

test("the adapter speaks pqhs-adapter/1", () => {
  const reqs = [
    { id: 7, op: "ixian/IxiVarUInt/decode", profile: "strict", inputs: { data: "fc0500" } },
    { id: 8, op: "ixian/IxiVarUInt/decode", profile: "deployed", inputs: { data: "fc0500" } },
    { id: 9, op: "no/such/op", profile: "strict", inputs: {} },
    { id: 10, op: "ixian/IxiVarUInt/decode", profile: "strict", inputs: {} },
  ];
  const r = spawnSync(process.execPath, [adapter], { input: reqs.map((x) => JSON.stringify(x)).join("\r\n") + "\n", encoding: "utf8", timeout: 10000 });
  assert.equal(r.status, 0);
  const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 5);
  assert.equal(lines[0].hello.protocol, "pqhs-adapter/1");
  assert.deepEqual(lines[0].hello.profiles, ["strict", "deployed"]);
  assert.deepEqual(lines[0].hello.capabilities, { "pipeline/1": { window: 64 } });
  assert.deepEqual(lines[1], { id: 7, reject: { category: "non_minimal_varint", message: "the varint is not in its shortest form" } });
  assert.deepEqual(lines[2], { id: 8, outputs: { value: "5", length: 3, minimal: false } });
  assert.ok(typeof lines[3].unsupported === "string");
  assert.equal(lines[3].id, 9);
  assert.ok(typeof lines[4].error === "string");
});

test("every announced operation is a catalogue name", () => {
  const ops: string[] = (hello() as { hello: { operations: string[] } }).hello.operations;
  assert.equal(ops.length, 57);
  for (const op of ops) assert.match(op, /^(ixian|verbeth)\/[A-Za-z0-9/]+$/);
  assert.deepEqual(answer({ id: 3, op: ops[0], profile: "lenient", inputs: {} }), { id: 3, error: "unknown profile lenient" });
});

test("pipelined requests are answered in order, with their ids, the last one even without its newline", () => {
  const reqs = [];
  for (let i = 1; i <= 200; i++) reqs.push({ id: 1000 + i, op: "ixian/IxiVarUInt/decode", profile: "deployed", inputs: { data: "fc" + (i & 0xff).toString(16).padStart(2, "0") + "00" } });
  const r = spawnSync(process.execPath, [adapter], { input: reqs.map((x) => JSON.stringify(x)).join("\n"), encoding: "utf8", timeout: 10000 });
  assert.equal(r.status, 0);
  const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 201);
  for (let i = 1; i <= 200; i++) {
    assert.equal(lines[i].id, 1000 + i);
    assert.equal(lines[i].outputs.value, String(i & 0xff));
  }
});
