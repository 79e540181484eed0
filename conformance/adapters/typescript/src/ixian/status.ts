// The handshakeStatus state machine (spec/ixian-s2.md §10).
import { BadRequest, JSONValue, reject } from "../util.js";

export interface FriendState {
  known: boolean;
  handshakeStatus: number;
  protocolVersion: number;
  lastReceivedHandshakeMessageTimestamp: number;
  approved: boolean;
  pendingEphemeral: boolean;
  addRequestsDisabled: boolean;
}

export interface HsEvent {
  kind: string;
  version: number;
  timestamp: number;
  msgId: string | null;
}

function field<T>(o: Record<string, unknown>, name: string, type: string, dflt?: T): T {
  const v = o[name];
  if (v === undefined || v === null) {
    if (dflt !== undefined) return dflt;
    throw new BadRequest(`state/event member ${name} is missing`);
  }
  if (typeof v !== type) throw new BadRequest(`member ${name} is not a ${type}`);
  return v as T;
}

export function parseState(x: unknown): FriendState {
  if (typeof x !== "object" || x === null || Array.isArray(x)) throw new BadRequest("state is not an object");
  const o = x as Record<string, unknown>;
  return {
    known: field(o, "known", "boolean", false),
    handshakeStatus: field(o, "handshakeStatus", "number", 0),
    protocolVersion: field(o, "protocolVersion", "number", 0),
    lastReceivedHandshakeMessageTimestamp: field(o, "lastReceivedHandshakeMessageTimestamp", "number", 0),
    approved: field(o, "approved", "boolean", false),
    pendingEphemeral: field(o, "pendingEphemeral", "boolean", false),
    addRequestsDisabled: field(o, "addRequestsDisabled", "boolean", false),
  };
}

export function parseEvent(x: unknown): HsEvent {
  if (typeof x !== "object" || x === null || Array.isArray(x)) throw new BadRequest("event is not an object");
  const o = x as Record<string, unknown>;
  const msgId = o["msgId"];
  if (msgId !== undefined && msgId !== null && typeof msgId !== "string") throw new BadRequest("event msgId is not a hex string");
  return {
    kind: field(o, "kind", "string"),
    version: field(o, "version", "number", 0),
    timestamp: field(o, "timestamp", "number", 0),
    msgId: (msgId as string | undefined) ?? null,
  };
}

export function stateJSON(s: FriendState): JSONValue {
  const o: Record<string, JSONValue> = {
    known: s.known,
    handshakeStatus: s.handshakeStatus,
    protocolVersion: s.protocolVersion,
    lastReceivedHandshakeMessageTimestamp: s.lastReceivedHandshakeMessageTimestamp,
    approved: s.approved,
    pendingEphemeral: s.pendingEphemeral,
  };
  if (s.addRequestsDisabled) o["addRequestsDisabled"] = true;
  return o;
}

export interface Transition {
  state: FriendState;
  action: string;
}

function acceptAdd2Sent(s: FriendState): Transition {
  if (!s.known) reject("state", "no friend record");
  if (s.handshakeStatus > 1) reject("state", `handshakeStatus ${s.handshakeStatus} > 1`);
  if (s.pendingEphemeral) reject("state", "accept add already sent");
  return { state: { ...s, approved: true, pendingEphemeral: true }, action: "sendAcceptAdd2" };
}

export function transition(_role: string, s0: FriendState, ev: HsEvent): Transition {
  const s = { ...s0 };
  const t = ev.timestamp;
  switch (ev.kind) {
    case "requestAdd2Sent":
      if (s.known) reject("state", "the friend record already exists");
      return {
        state: { ...s, known: true, handshakeStatus: 0, protocolVersion: 0, lastReceivedHandshakeMessageTimestamp: 0, approved: true, pendingEphemeral: false },
        action: "sendRequestAdd2",
      };
    case "requestAdd2Received": {
      const v = ev.version > 1 ? 1 : ev.version;
      if (!s.known) {
        if (s.addRequestsDisabled) return { state: s, action: "ignore" };
        return {
          state: { ...s, known: true, handshakeStatus: 1, protocolVersion: v, lastReceivedHandshakeMessageTimestamp: t, approved: false, pendingEphemeral: false },
          action: "awaitApproval",
        };
      }
      if (t <= s.lastReceivedHandshakeMessageTimestamp) reject("replay", `timestamp ${t} is not after ${s.lastReceivedHandshakeMessageTimestamp}`);
      const n = { ...s, protocolVersion: Math.max(s.protocolVersion, v), lastReceivedHandshakeMessageTimestamp: t, handshakeStatus: 1 };
      if (!n.approved) return { state: n, action: "awaitApproval" };
      return acceptAdd2Sent(n);
    }
    case "acceptAdd2Sent":
      return acceptAdd2Sent(s);
    case "acceptAdd2Received":
      if (!s.known) reject("state", "acceptAdd2 from an unknown sender");
      if (t <= s.lastReceivedHandshakeMessageTimestamp) reject("replay", `timestamp ${t} is not after ${s.lastReceivedHandshakeMessageTimestamp}`);
      if (s.handshakeStatus > 1) reject("state", `handshakeStatus ${s.handshakeStatus} > 1`);
      if (s.protocolVersion > ev.version) reject("downgrade", `version ${ev.version} below the agreed ${s.protocolVersion}`);
      return {
        state: { ...s, lastReceivedHandshakeMessageTimestamp: t, protocolVersion: ev.version, approved: true, pendingEphemeral: false, handshakeStatus: 2 },
        action: "sendKeys2",
      };
    case "keys2Sent":
      if (!s.known) reject("state", "no friend record");
      return { state: s, action: "none" };
    case "keys2Received":
      if (!s.known) reject("state", "keys2 from an unknown sender");
      if (s.handshakeStatus >= 3) reject("state", `handshakeStatus ${s.handshakeStatus} >= 3`);
      if (!s.pendingEphemeral) reject("state", "no pending ephemeral keys");
      return { state: { ...s, pendingEphemeral: false, handshakeStatus: 3 }, action: "deriveKeys" };
    case "msgReceived": {
      if (!s.known) reject("state", "msgReceived from an unknown sender");
      const id = (ev.msgId ?? "").toLowerCase();
      if (id === "") return { state: s, action: "none" };
      if (id === "00" && s.handshakeStatus === 0) return { state: { ...s, handshakeStatus: 1 }, action: "handshakeAdvance" };
      if (id === "02" && s.handshakeStatus === 2) return { state: { ...s, handshakeStatus: 3 }, action: "handshakeAdvance" };
      return { state: s, action: "ignore" };
    }
    case "requestAddReceived": {
      if (!s.known) {
        if (s.addRequestsDisabled) return { state: s, action: "ignore" };
        if (t <= 0) reject("replay", `timestamp ${t} is not after 0`);
        return {
          state: { ...s, known: true, handshakeStatus: 1, protocolVersion: 0, lastReceivedHandshakeMessageTimestamp: t, approved: false, pendingEphemeral: false },
          action: "awaitApproval",
        };
      }
      if (s.protocolVersion > 0) reject("downgrade", `legacy requestAdd after version ${s.protocolVersion}`);
      if (t <= s.lastReceivedHandshakeMessageTimestamp) reject("replay", `timestamp ${t} is not after ${s.lastReceivedHandshakeMessageTimestamp}`);
      const n = { ...s, lastReceivedHandshakeMessageTimestamp: t, handshakeStatus: 1 };
      return { state: n, action: n.approved ? "legacyHandshake" : "awaitApproval" };
    }
    case "acceptAddReceived":
      if (!s.known) reject("state", "acceptAdd from an unknown sender");
      if (t <= s.lastReceivedHandshakeMessageTimestamp) reject("replay", `timestamp ${t} is not after ${s.lastReceivedHandshakeMessageTimestamp}`);
      if (s.protocolVersion > 0) reject("downgrade", `legacy acceptAdd after version ${s.protocolVersion}`);
      if (s.handshakeStatus > 1) reject("state", `handshakeStatus ${s.handshakeStatus} > 1`);
      return { state: { ...s, lastReceivedHandshakeMessageTimestamp: t, approved: true, handshakeStatus: 2 }, action: "legacyHandshake" };
    case "keysReceived":
      if (!s.known) reject("state", "keys from an unknown sender");
      if (t <= s.lastReceivedHandshakeMessageTimestamp) reject("replay", `timestamp ${t} is not after ${s.lastReceivedHandshakeMessageTimestamp}`);
      if (s.handshakeStatus >= 3) reject("state", `handshakeStatus ${s.handshakeStatus} >= 3`);
      if (s.protocolVersion >= 1) reject("downgrade", `legacy keys after version ${s.protocolVersion}`);
      return { state: { ...s, lastReceivedHandshakeMessageTimestamp: t, handshakeStatus: 3 }, action: "legacyHandshake" };
    default:
      throw new BadRequest(`unknown event kind ${ev.kind}`);
  }
}
