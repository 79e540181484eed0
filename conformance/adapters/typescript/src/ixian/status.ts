// The handshakeStatus state machine (spec/ixian-s2.md §10).
import { BadRequest, Category, JSONValue, Reject } from "../util.js";

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
  /** The action when the event is accepted or ignored. */
  action?: string;
  /** The refusal; the state may still have changed (a stored timestamp). */
  refused?: Reject;
}

function ok(state: FriendState, action: string): Transition {
  return { state, action };
}

function refuse(state: FriendState, category: Category, message: string): Transition {
  return { state, refused: new Reject(category, message) };
}

function acceptAdd2Sent(s: FriendState): Transition {
  if (!s.known) return refuse(s, "state", "no friend record");
  if (s.handshakeStatus > 1) return refuse(s, "state", `handshakeStatus ${s.handshakeStatus} > 1`);
  if (s.pendingEphemeral) return refuse(s, "state", "accept add already sent");
  return ok({ ...s, approved: true, pendingEphemeral: true }, "sendAcceptAdd2");
}

function replay(s: FriendState, t: number): Transition {
  return refuse(s, "replay", `timestamp ${t} is not after ${s.lastReceivedHandshakeMessageTimestamp}`);
}

/** One event, with Ixian-Core's guards in their order (spec/ixian-s2.md §10). */
export function transition(_role: string, s0: FriendState, ev: HsEvent): Transition {
  const s = { ...s0 };
  const t = ev.timestamp;
  switch (ev.kind) {
    case "requestAdd2Sent":
      if (s.known) return refuse(s, "state", "the friend record already exists");
      return ok({ ...s, known: true, handshakeStatus: 0, protocolVersion: 0, lastReceivedHandshakeMessageTimestamp: 0, approved: true, pendingEphemeral: false }, "sendRequestAdd2");
    case "requestAdd2Received": {
      const v = ev.version > 1 ? 1 : ev.version;
      if (!s.known) {
        if (s.addRequestsDisabled) return ok(s, "ignore");
        return ok({ ...s, known: true, handshakeStatus: 1, protocolVersion: v, lastReceivedHandshakeMessageTimestamp: t, approved: false, pendingEphemeral: false }, "awaitApproval");
      }
      if (t <= s.lastReceivedHandshakeMessageTimestamp) return replay(s, t);
      const n = { ...s, protocolVersion: Math.max(s.protocolVersion, v), lastReceivedHandshakeMessageTimestamp: t, handshakeStatus: 1 };
      if (!n.approved) return ok(n, "awaitApproval");
      return acceptAdd2Sent(n);
    }
    case "acceptAdd2Sent":
      return acceptAdd2Sent(s);
    case "acceptAdd2Received": {
      if (!s.known) return refuse(s, "state", "acceptAdd2 from an unknown sender");
      if (t <= s.lastReceivedHandshakeMessageTimestamp) return replay(s, t);
      const n = { ...s, lastReceivedHandshakeMessageTimestamp: t };
      if (n.handshakeStatus > 1) return refuse(n, "state", `handshakeStatus ${n.handshakeStatus} > 1`);
      if (n.protocolVersion > ev.version) return refuse(n, "downgrade", `version ${ev.version} below the agreed ${n.protocolVersion}`);
      return ok({ ...n, protocolVersion: ev.version, approved: true, pendingEphemeral: false, handshakeStatus: 2 }, "sendKeys2");
    }
    case "keys2Sent":
      if (!s.known) return refuse(s, "state", "no friend record");
      return ok(s, "none");
    case "keys2Received":
      if (!s.known) return refuse(s, "state", "keys2 from an unknown sender");
      if (s.handshakeStatus >= 3) return refuse(s, "state", `handshakeStatus ${s.handshakeStatus} >= 3`);
      if (!s.pendingEphemeral) return refuse(s, "state", "no pending ephemeral keys");
      return ok({ ...s, pendingEphemeral: false, handshakeStatus: 3 }, "deriveKeys");
    case "msgReceived": {
      if (!s.known) return refuse(s, "state", "msgReceived from an unknown sender");
      const id = (ev.msgId ?? "").toLowerCase();
      if (id === "") return ok(s, "none");
      if (id === "00" && s.handshakeStatus === 0) return ok({ ...s, handshakeStatus: 1 }, "handshakeAdvance");
      if (id === "02" && s.handshakeStatus === 2) return ok({ ...s, handshakeStatus: 3 }, "handshakeAdvance");
      return ok(s, "ignore");
    }
    case "requestAddReceived": {
      if (!s.known) {
        if (s.addRequestsDisabled) return ok(s, "ignore");
        // The record is added first (status 0), then the timestamp is checked against its 0.
        const made = { ...s, known: true, handshakeStatus: 0, protocolVersion: 0, lastReceivedHandshakeMessageTimestamp: 0, approved: false, pendingEphemeral: false };
        if (t <= 0) return replay(made, t);
        return ok({ ...made, lastReceivedHandshakeMessageTimestamp: t, handshakeStatus: 1 }, "awaitApproval");
      }
      if (s.protocolVersion > 0) return refuse(s, "downgrade", `legacy requestAdd after version ${s.protocolVersion}`);
      if (t <= s.lastReceivedHandshakeMessageTimestamp) return replay(s, t);
      const n = { ...s, lastReceivedHandshakeMessageTimestamp: t, handshakeStatus: 1 };
      return ok(n, n.approved ? "legacyHandshake" : "awaitApproval");
    }
    case "acceptAddReceived": {
      if (!s.known) return refuse(s, "state", "acceptAdd from an unknown sender");
      if (t <= s.lastReceivedHandshakeMessageTimestamp) return replay(s, t);
      const n = { ...s, lastReceivedHandshakeMessageTimestamp: t };
      if (n.protocolVersion > 0) return refuse(n, "downgrade", `legacy acceptAdd after version ${n.protocolVersion}`);
      if (n.handshakeStatus > 1) return refuse(n, "state", `handshakeStatus ${n.handshakeStatus} > 1`);
      return ok({ ...n, approved: true, handshakeStatus: 2 }, "legacyHandshake");
    }
    case "keysReceived": {
      if (!s.known) return refuse(s, "state", "keys from an unknown sender");
      if (t <= s.lastReceivedHandshakeMessageTimestamp) return replay(s, t);
      const n = { ...s, lastReceivedHandshakeMessageTimestamp: t };
      if (n.handshakeStatus >= 3) return refuse(n, "state", `handshakeStatus ${n.handshakeStatus} >= 3`);
      if (n.protocolVersion >= 1) return refuse(n, "downgrade", `legacy keys after version ${n.protocolVersion}`);
      return ok({ ...n, handshakeStatus: 3 }, "legacyHandshake");
    }
    default:
      throw new BadRequest(`unknown event kind ${ev.kind}`);
  }
}
