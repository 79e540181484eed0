package ixian

import (
	"crypto/ecdh"
	"slices"

	"github.com/cloudflare/circl/kem/mlkem/mlkem1024"
)

// The two roles (spec/ixian-s2.md §7.3-§7.5). The requester A sends
// requestAdd2, receives acceptAdd2 and answers with keys2 (§7.4); the
// acceptor B receives requestAdd2, sends acceptAdd2 once its user approves
// (§7.3), and receives keys2 (§7.5). Both end with the same aesKey and
// chachaKey. Every random value is an argument.

// Result is what either role derives.
type Result struct {
	ECDHSecret  []byte // X of the shared point, leading zero bytes stripped
	MLKEMSecret []byte // 32 bytes
	IKM         []byte // ECDHSecret || MLKEMSecret
	AESKey      []byte // 32 bytes
	ChachaKey   []byte // 32 bytes
	// AESPRK and ChachaPRK are the HKDF pseudo-random keys (Keys).
	AESPRK, ChachaPRK []byte
	// PeerCapabilities is the other side's StreamCapabilities (15 when its
	// message had none, Deployed only).
	PeerCapabilities        StreamCapabilities
	PeerCapabilitiesPresent bool
}

// Acceptor is the acceptor's ephemeral state between acceptAdd2 and keys2
// (§7.3 step 4), what Ixian-Core keeps in the Friend record
// (ecdhPrivateKey, mlKemPrivateKey, aesSalt).
type Acceptor struct {
	ECDHScalar []byte // 66 bytes, or BouncyCastle's unsigned form (Kept)
	MLKEMSeed  []byte // d || z, 64 bytes; nil when restored from MLKEMPrivateKey
	// MLKEMPrivateKey is the expanded 3168-byte decapsulation key of an
	// acceptor restored from what Ixian-Core persists (Kept); nil otherwise.
	MLKEMPrivateKey []byte
	AESSalt         []byte
	ECDHPubKey      []byte // compressed, 67 bytes
	MLKEMPubKey     []byte // 1568 bytes
	// Message and AcceptAdd2 are the message sent and its payload bytes;
	// empty for an Acceptor made by RestoreAcceptor.
	Message    AcceptAdd2
	AcceptAdd2 []byte

	priv *ecdh.PrivateKey
	dk   *mlkem1024.PrivateKey
}

// RestoreAcceptor rebuilds the acceptor's state from its ephemeral secrets,
// for a keys2 that arrives after a restart (Ixian-Core persists them).
// aesSalt follows the profile's salt rule. It makes §7.3 steps 2 and 3 and
// their checks, in §7.3's order.
func RestoreAcceptor(ecdhScalar, mlkemSeed, aesSalt []byte, p Profile) (*Acceptor, error) {
	// §7.3 step 2: the two ephemeral key pairs.
	priv, err := newECDHPrivateKey("ecdhPrivateKey", ecdhScalar)
	if err != nil {
		return nil, err
	}
	pk, sk, err := mlkemKeys("mlkemSeed", mlkemSeed)
	if err != nil {
		return nil, err
	}
	// §7.3 step 3: the acceptor's salt.
	if err := checkSalt("aesSalt", aesSalt, p); err != nil {
		return nil, err
	}
	a := &Acceptor{
		ECDHScalar: slices.Clone(ecdhScalar),
		MLKEMSeed:  slices.Clone(mlkemSeed),
		AESSalt:    slices.Clone(aesSalt),
		ECDHPubKey: compressP521(priv.PublicKey().Bytes()),
		priv:       priv,
		dk:         sk,
	}
	a.MLKEMPubKey = make([]byte, MLKEMPublicKeySize)
	pk.Pack(a.MLKEMPubKey)
	return a, nil
}

// AcceptorPrepare is the acceptor's prepare step (§7.3): it makes the
// acceptor's ephemeral secp521r1 and ML-KEM-1024 key pairs from ecdhScalar
// and mlkemSeed and builds the acceptAdd2 payload
//
//	version, rsaPubKey, ecdhPubKey, mlkemPubKey, aesSalt, capabilities
//
// The payload must decode under p, so Strict wants version 1, a 32-byte
// aesSalt, a well-formed rsaPubKey and non-negative capabilities; Deployed
// writes what Ixian-Core would write (the version truncated to one byte).
func AcceptorPrepare(ecdhScalar, mlkemSeed, aesSalt []byte, version int, rsaPubKey []byte, capabilities StreamCapabilities, p Profile) (*Acceptor, error) {
	a, err := RestoreAcceptor(ecdhScalar, mlkemSeed, aesSalt, p) // §7.3 steps 2-4
	if err != nil {
		return nil, err
	}
	// §7.3 step 5: acceptAdd2 as it is written, which must decode under p.
	msg := AcceptAdd2{
		Version:      version,
		RSAPubKey:    rsaPubKey, // encoded, not kept
		ECDHPubKey:   a.ECDHPubKey,
		MLKEMPubKey:  a.MLKEMPubKey,
		AESSalt:      a.AESSalt,
		Capabilities: capabilities,
	}
	a.AcceptAdd2 = msg.Encode()
	if err := a.Message.Decode(a.AcceptAdd2, p); err != nil {
		return nil, err
	}
	return a, nil
}

// AcceptorResult is the acceptor's outcome of keys2.
type AcceptorResult struct {
	Result
	Keys2 Keys2 // the message received
}

// Keys2 is the acceptor's keys2 step (§7.5): it decodes and checks the
// keys2 payload, computes the ECDH secret with the requester's ecdhPubKey,
// decapsulates mlkemCiphertext, and derives the keys with the stored
// aesSalt and the received chachaSalt.
func (a *Acceptor) Keys2(keys2 []byte, p Profile) (*AcceptorResult, error) {
	r := new(AcceptorResult)
	if err := r.Keys2.Decode(keys2, p); err != nil { // §7.5 step 1
		return nil, err
	}
	// §7.5 step 2: both secrets; decapsulation never fails (implicit
	// rejection).
	ss, err := ecdhWith(a.priv, "ecdhPubKey", r.Keys2.ECDHPubKey, p)
	if err != nil {
		return nil, err
	}
	var kem []byte
	if a.dk != nil {
		kem, err = mlkemDecapsulate(a.dk, r.Keys2.MLKEMCiphertext)
	} else {
		kem, err = decapsulateExpanded(a.MLKEMPrivateKey, r.Keys2.MLKEMCiphertext)
	}
	if err != nil {
		return nil, err
	}
	k, err := DeriveKeys(ss, kem, a.AESSalt, r.Keys2.ChachaSalt, p) // §7.5 step 3
	if err != nil {
		return nil, err
	}
	r.Result = Result{
		ECDHSecret: ss, MLKEMSecret: kem, IKM: k.IKM, AESKey: k.AESKey, ChachaKey: k.ChachaKey, AESPRK: k.AESPRK, ChachaPRK: k.ChachaPRK,
		PeerCapabilities: r.Keys2.Capabilities, PeerCapabilitiesPresent: r.Keys2.CapabilitiesPresent,
	}
	return r, nil
}

// AcceptorKeys2 is RestoreAcceptor followed by Keys2: §7.5 with its checks
// in §7.5's order (the kept secrets first).
func AcceptorKeys2(ecdhScalar, mlkemSeed, aesSalt, keys2 []byte, p Profile) (*AcceptorResult, error) {
	a, err := RestoreAcceptor(ecdhScalar, mlkemSeed, aesSalt, p)
	if err != nil {
		return nil, err
	}
	return a.Keys2(keys2, p)
}

// RequesterResult is the requester's outcome of acceptAdd2.
type RequesterResult struct {
	Result
	AcceptAdd2      AcceptAdd2 // the message received
	ECDHPubKey      []byte     // the requester's compressed public key
	MLKEMCiphertext []byte
	ChachaSalt      []byte
	Message         Keys2  // the keys2 message to send
	Keys2           []byte // its payload bytes
}

// Requester is the requester's acceptAdd2 step (§7.4): it decodes and
// checks acceptAdd2, computes the ECDH secret with its own scalar,
// encapsulates to mlkemPubKey with the message m, derives the keys with
// acceptAdd2's aesSalt and its own chachaSalt, and builds keys2. The checks
// come in §7.4's order.
//
// Ixian-Core also generates an ML-KEM key pair here that it never uses; it
// has no effect on any output and is left out. The state checks around this
// step (handshakeStatus, downgrade, replay; §10) are Transition's.
func Requester(acceptAdd2, ecdhScalar, mlkemMessage, chachaSalt []byte, capabilities StreamCapabilities, p Profile) (*RequesterResult, error) {
	r := new(RequesterResult)
	if err := r.AcceptAdd2.Decode(acceptAdd2, p); err != nil { // §7.4 step 1
		return nil, err
	}
	priv, err := newECDHPrivateKey("ecdhPrivateKey", ecdhScalar) // step 2
	if err != nil {
		return nil, err
	}
	if err := checkSalt("chachaSalt", chachaSalt, p); err != nil { // step 5's salt, checked before its use
		return nil, err
	}
	ss, err := ecdhWith(priv, "ecdhPubKey", r.AcceptAdd2.ECDHPubKey, p) // step 3
	if err != nil {
		return nil, err
	}
	ct, kem, err := mlkemEncapsulate("mlkemPubKey", r.AcceptAdd2.MLKEMPubKey, mlkemMessage) // step 4
	if err != nil {
		return nil, err
	}
	k, err := DeriveKeys(ss, kem, r.AcceptAdd2.AESSalt, chachaSalt, p) // step 5
	if err != nil {
		return nil, err
	}
	r.Result = Result{
		ECDHSecret: ss, MLKEMSecret: kem, IKM: k.IKM, AESKey: k.AESKey, ChachaKey: k.ChachaKey, AESPRK: k.AESPRK, ChachaPRK: k.ChachaPRK,
		PeerCapabilities: r.AcceptAdd2.Capabilities, PeerCapabilitiesPresent: r.AcceptAdd2.CapabilitiesPresent,
	}
	r.ECDHPubKey = compressP521(priv.PublicKey().Bytes())
	r.MLKEMCiphertext = ct
	r.ChachaSalt = slices.Clone(chachaSalt)
	// §7.4 step 7: keys2 as it is written, which must decode under p.
	out := Keys2{ECDHPubKey: r.ECDHPubKey, MLKEMCiphertext: ct, ChachaSalt: r.ChachaSalt, Capabilities: capabilities}
	r.Keys2 = out.Encode()
	if err := r.Message.Decode(r.Keys2, p); err != nil {
		return nil, err
	}
	return r, nil
}
