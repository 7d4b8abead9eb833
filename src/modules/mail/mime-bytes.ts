import * as base64 from 'nodemailer/lib/base64/index.js';
import type MimeNode from 'nodemailer/lib/mime-node/index.js';
import * as qp from 'nodemailer/lib/qp/index.js';

/** What the one-pass build reads of a node beyond its typed surface. */
type Node = MimeNode & { _raw?: unknown; _transforms?: unknown[]; _processFuncs?: unknown[] };

/**
 * The bytes of a composed message, the same as `MimeNode.build()` gives, written in one
 * synchronous pass when every part's content is at hand (text, HTML, attachments held in
 * memory: every message Slipway sends). `build()` streams each part through its encoder and
 * joins them with stream pipelines: four of them per invite, each with its own abort
 * controller and error object, which was most of a bulk invite's CPU time in the worker
 * (docs/operations.md, "Bulk invites, sending"). The headers, the choice of transfer encoding
 * and the encoders are Nodemailer's own; only the joining is done here. A tree with anything
 * else (a stream, a file or a URL as content, a raw message, transforms, a quoted-printable
 * part that ends in a blank) is left to `build()`. `mime-bytes.test.ts` checks the two give
 * the same bytes, and that the invite and random messages take the one pass.
 */
export function messageBytes(root: MimeNode): Promise<Buffer> {
  // Each part's headers are built once here; `build()` after a fallback builds them again, the same.
  const text = written(root as Node);
  if (text === null) return root.build();
  // The message ends with a line break, as Nodemailer's LastNewline makes sure.
  const end = text.endsWith('\n') ? '' : text.endsWith('\r') ? '\n' : '\r\n';
  return Promise.resolve(Buffer.from(text + end));
}

/** A node whose content is at hand and that Nodemailer writes as its parts, unchanged. */
function inMemory(node: Node): boolean {
  const content = node.content;
  const plain = content === undefined || typeof content === 'string' || Buffer.isBuffer(content);
  return plain && !node._raw && !node._transforms?.length && !node._processFuncs?.length && !node.newline;
}

/**
 * Whether quoted-printable in one piece gives what Nodemailer's encoder stream gives. The
 * stream encodes outside text as binary; it holds back the blanks its input ends with and
 * encodes them apart, and it encodes in slices of 64 KiB: either can put a soft line break
 * elsewhere (the same text, other bytes). Such parts go through `build()`.
 */
function sameInOnePass(contentType: string | undefined, content: string | Buffer): boolean {
  const last = content[content.length - 1];
  const trailingBlank = last === ' ' || last === '\t' || last === 0x20 || last === 0x09;
  return /^text\//i.test(contentType ?? '') && !trailingBlank && Buffer.byteLength(content) < 64 * 1024;
}

/**
 * A node as MimeNode.stream writes it: headers, encoded content, then its children between
 * boundaries. Null, for `build()` to write, where a part is not `inMemory`, where
 * quoted-printable in one piece would differ (`sameInOnePass`), or where bytes would have
 * to pass as they are.
 */
function written(node: Node): string | null {
  if (!inMemory(node)) return null;
  let out = `${node.buildHeaders()}\r\n\r\n`;
  const content = node.content as string | Buffer | undefined;
  // An empty string writes nothing; an empty Buffer is encoded to nothing.
  if (content) {
    const encoding = node.getTransferEncoding();
    if (encoding === 'quoted-printable') {
      if (!sameInOnePass(node.contentType, content)) return null;
      out += qp.wrap(qp.encode(content), 76);
    } else if (encoding === 'base64') out += base64.wrap(base64.encode(content), 76);
    // Passed as is: a string of plain text; bytes only through `build()`.
    else if (typeof content === 'string') out += content;
    else return null;
  }
  if (node.multipart) {
    for (const [i, child] of node.childNodes.entries()) {
      const part = written(child as Node);
      if (part === null) return null;
      out += `${i > 0 ? '\r\n' : ''}--${node.boundary}\r\n${part}`;
    }
    out += `\r\n--${node.boundary}--\r\n`;
  }
  return out;
}
