import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * A software authenticator for tests: real WebAuthn answers (attestation "none", ES256
 * assertions) made with node:crypto, as a phone or a security key would make them, so the
 * server's verification runs unchanged. It plays the browser's part too (clientDataJSON with
 * the origin), which is what a phishing page could not fake.
 */

type Cbor = number | string | Buffer | CborList | CborMap | CborRecord;
interface CborList extends Array<Cbor> {}
interface CborMap extends Map<number | string, Cbor> {}
interface CborRecord {
  [key: string]: Cbor;
}

/** Enough CBOR (RFC 8949) for an attestation object and a COSE key. */
function cbor(v: Cbor): Buffer {
  const head = (major: number, n: number) => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    if (n < 65_536) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    return Buffer.concat([head(3, b.length), b]);
  }
  if (Buffer.isBuffer(v)) return Buffer.concat([head(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, x]) => [cbor(k), cbor(x)])]);
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();
const b64url = (b: Buffer) => b.toString('base64url');

const FLAGS = { up: 0x01, uv: 0x04, be: 0x08, bs: 0x10, at: 0x40 };

export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  /** The user handle the server gave at registration (what a discoverable credential returns). */
  userHandle: string;
  rpId: string;
  counter: number;
}

export interface SoftAuthenticatorOptions {
  /** The page's origin as the browser reports it (defaults to `https://<rp id>`). */
  origin?: string;
  /** User verification done (PIN, fingerprint); default true. */
  userVerified?: boolean;
  /** Start the signature counter here and count up (0 means "no counter", as most passkeys). */
  counter?: number;
  /** Reports a synced (backed-up) passkey. */
  synced?: boolean;
}

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}
interface RequestOptions {
  challenge: string;
  rpId?: string;
}

export function softAuthenticator(opts: SoftAuthenticatorOptions = {}) {
  const credentials: SoftCredential[] = [];
  const flags = (extra: number) =>
    FLAGS.up | (opts.userVerified === false ? 0 : FLAGS.uv) | (opts.synced ? FLAGS.be | FLAGS.bs : 0) | extra;
  const counterBytes = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const clientData = (type: string, challenge: string, rpId: string) =>
    Buffer.from(
      JSON.stringify({ type, challenge, origin: opts.origin ?? `https://${rpId}`, crossOrigin: false }),
    );

  return {
    credentials,

    /** navigator.credentials.create(): a new ES256 key pair, attestation "none". */
    register(options: CreationOptions) {
      const rpId = options.rp.id!;
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = publicKey.export({ format: 'jwk' });
      const coseKey = new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]);
      const id = randomBytes(16);
      const cred: SoftCredential = {
        id,
        privateKey,
        userHandle: options.user.id,
        rpId,
        counter: opts.counter ?? 0,
      };
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(id.length);
      const authData = Buffer.concat([
        sha256(rpId),
        Buffer.from([flags(FLAGS.at)]),
        counterBytes(cred.counter),
        Buffer.alloc(16), // AAGUID: none
        idLength,
        id,
        cbor(coseKey),
      ]);
      credentials.push(cred);
      return {
        id: b64url(id),
        rawId: b64url(id),
        type: 'public-key' as const,
        response: {
          clientDataJSON: b64url(clientData('webauthn.create', options.challenge, rpId)),
          attestationObject: b64url(cbor({ fmt: 'none', attStmt: {}, authData })),
          transports: ['internal'],
        },
        authenticatorAttachment: 'platform' as const,
      };
    },

    /** navigator.credentials.get(): signs the challenge with a credential (the newest unless told). */
    assert(options: RequestOptions, credential: SoftCredential = credentials[credentials.length - 1]) {
      const rpId = options.rpId ?? credential.rpId;
      if (credential.counter > 0 || opts.counter) credential.counter += 1;
      const authData = Buffer.concat([
        sha256(rpId),
        Buffer.from([flags(0)]),
        counterBytes(credential.counter),
      ]);
      const clientDataJSON = clientData('webauthn.get', options.challenge, rpId);
      const signature = sign(
        'sha256',
        Buffer.concat([authData, sha256(clientDataJSON)]),
        credential.privateKey,
      );
      return {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: 'public-key' as const,
        response: {
          clientDataJSON: b64url(clientDataJSON),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          userHandle: credential.userHandle,
        },
        authenticatorAttachment: 'platform' as const,
      };
    },
  };
}

export type SoftAuthenticator = ReturnType<typeof softAuthenticator>;
