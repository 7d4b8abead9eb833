import { describe, expect, it } from 'vitest';
import { mailEach, mailFirst, mailOutcome } from './mail-each.js';
import { MailSendError } from './mailer.js';

const people = ['ann', 'bob', 'cy', 'dee'].map((account_id) => ({ account_id }));
const refusedForGood = new MailSendError(true, '550 5.1.1 unknown mailbox');
const greylisted = new MailSendError(false, '451 4.2.0 try again later');
const timedOut = new MailSendError(false, 'Timeout', false);

describe('mailing the people a record is shared with', () => {
  it('leaves an address refused for good, tries a passing refusal again later, and mails the rest', async () => {
    const tried: string[] = [];
    const refused: string[] = [];
    const left = await mailEach(
      people,
      async (p) => {
        tried.push(p.account_id);
        if (p.account_id === 'ann') throw refusedForGood;
        if (p.account_id === 'cy') throw greylisted;
      },
      (p) => refused.push(p.account_id),
    );
    expect(tried).toEqual(['ann', 'bob', 'cy', 'dee']);
    expect(refused).toEqual(['ann']);
    expect(left).toEqual({ again: ['cy'], error: greylisted, sent: 2 });
  });

  it('after a timeout tries nobody else now: the rest wait for the follow-up with the one it failed for', async () => {
    const tried: string[] = [];
    const left = await mailEach(
      people,
      async (p) => {
        tried.push(p.account_id);
        if (p.account_id === 'bob') throw timedOut;
      },
      () => {},
    );
    expect(tried).toEqual(['ann', 'bob']);
    expect(left.again).toEqual(['bob', 'cy', 'dee']);
  });

  it('throws what is not a mail failure', async () => {
    const bug = new TypeError('cannot read the template');
    await expect(
      mailEach(
        people,
        async () => {
          throw bug;
        },
        () => {},
      ),
    ).rejects.toBe(bug);
  });

  it("goes on past an owner's address refused for good, and throws a passing failure before anyone else", async () => {
    let refused = 0;
    expect(
      await mailFirst(
        async () => {},
        () => refused++,
      ),
    ).toBe(true);
    expect(
      await mailFirst(
        async () => {
          throw refusedForGood;
        },
        () => refused++,
      ),
    ).toBe(false);
    expect(refused).toBe(1);
    await expect(
      mailFirst(
        async () => {
          throw greylisted;
        },
        () => refused++,
      ),
    ).rejects.toBe(greylisted);
    expect(refused).toBe(1);
  });

  it('logs a job as sent only when someone was mailed: refused when every address was refused for good', async () => {
    const everyoneRefuses = async () => {
      throw refusedForGood;
    };
    const ownerGot = await mailFirst(everyoneRefuses, () => {});
    const left = await mailEach(people, everyoneRefuses, () => {});
    expect(mailOutcome(ownerGot, left)).toBe('refused');
    const oneGreylisted = await mailEach(
      people,
      async (p) => {
        if (p.account_id === 'bob') throw greylisted;
        throw refusedForGood;
      },
      () => {},
    );
    expect(mailOutcome(false, oneGreylisted)).toBe('deferred');
    const oneMailed = await mailEach(
      people,
      async (p) => {
        if (p.account_id !== 'dee') throw refusedForGood;
      },
      () => {},
    );
    expect(mailOutcome(false, oneMailed)).toBe('sent');
    expect(mailOutcome(true, left)).toBe('sent');
  });
});
