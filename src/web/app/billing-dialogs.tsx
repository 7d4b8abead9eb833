import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { BillingActionResponse, CounterMethod } from '../../shared/api-types';
import { errorMessage } from '../ui/api';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Field, FormAlert } from '../ui/field';
import { formatMoney } from '../ui/format';
import { amountInput, billingApi, parseAmount } from './billing-api';

const METHODS: { value: CounterMethod; label: string }[] = [
  { value: 'cash', label: 'Cash' },
  { value: 'check', label: 'Check' },
  { value: 'card_present', label: 'Card at the counter' },
  { value: 'bank_transfer', label: 'Bank transfer' },
];

/** A mutation of the order's billing: on success the whole order page reloads its data. */
function useBillingAction<A>(
  orderId: string,
  run: (args: A) => Promise<BillingActionResponse>,
  onDone: (m: string) => void,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (answer) => {
      client.setQueryData(billingApi.key(orderId), answer.billing);
      await client.invalidateQueries({ queryKey: billingApi.orderKey(orderId) });
      onDone(answer.message);
    },
  });
}

/** Records money taken at the counter: cash, a check with its number, a card present, a transfer. */
export function RecordPaymentDialog({
  orderId,
  invoice,
  onClose,
  onDone,
}: {
  orderId: string;
  invoice: { id: string; number: number; balanceCents: number };
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [method, setMethod] = useState<CounterMethod>('cash');
  const [amount, setAmount] = useState(amountInput(invoice.balanceCents));
  const [reference, setReference] = useState('');
  const [receivedOn, setReceivedOn] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<{ field: 'amount' | 'reference' | null; message: string } | null>(
    null,
  );
  // One key per attempt: kept while the same payment is retried after a network error.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const pay = useBillingAction(
    orderId,
    (cents: number) =>
      billingApi.pay(
        invoice.id,
        {
          method,
          amountCents: cents,
          reference: reference.trim() || undefined,
          receivedOn: receivedOn || undefined,
          note: note.trim() || undefined,
        },
        key,
      ),
    onDone,
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const cents = parseAmount(amount);
    if (cents === null || cents <= 0)
      return setProblem({ field: 'amount', message: 'Enter an amount greater than zero, e.g. 250.00.' });
    if (cents > invoice.balanceCents) {
      return setProblem({
        field: 'amount',
        message: `That is more than the balance due (${formatMoney(invoice.balanceCents)}).`,
      });
    }
    if (method === 'check' && !reference.trim())
      return setProblem({ field: 'reference', message: 'Enter the check number.' });
    pay.mutate(cents, {
      onError: (err) => {
        if (!(err instanceof Error && err.message.includes('reach the server'))) setKey(crypto.randomUUID());
      },
    });
  };

  const formId = `pay-${invoice.id}`;
  return (
    <Dialog
      title={`Record a payment on invoice #${invoice.number}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId} busy={pay.isPending}>
            Record payment
          </Button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit} noValidate>
        <p>Balance due: {formatMoney(invoice.balanceCents)}</p>
        <div className="field">
          <label htmlFor={`${formId}-method`}>Method</label>
          <div className="field-control">
            <select
              className="billing-select"
              id={`${formId}-method`}
              value={method}
              onChange={(e) => setMethod(e.target.value as CounterMethod)}
            >
              {METHODS.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <Field
          label="Amount (USD)"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          error={problem?.field === 'amount' ? problem.message : null}
        />
        <Field
          label={method === 'check' ? 'Check number' : 'Reference (optional)'}
          value={reference}
          onChange={(e) => setReference(e.target.value)}
          error={problem?.field === 'reference' ? problem.message : null}
        />
        <Field
          label="Received on (optional)"
          type="date"
          value={receivedOn}
          onChange={(e) => setReceivedOn(e.target.value)}
        />
        <Field label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
        <FormAlert message={pay.error ? errorMessage(pay.error) : null} />
      </form>
    </Dialog>
  );
}

/** An amount (optional) and a reason: refunds, credit notes, voids, deposits. */
export function AmountReasonDialog({
  title,
  confirmLabel,
  maxCents,
  amountLabel = 'Amount (USD)',
  withAmount = true,
  withReason = true,
  percentOption = false,
  tone = 'primary',
  run,
  orderId,
  onClose,
  onDone,
}: {
  title: string;
  confirmLabel: string;
  maxCents?: number;
  amountLabel?: string;
  withAmount?: boolean;
  withReason?: boolean;
  /** Deposits: the amount may be given as a percent of the estimate instead. */
  percentOption?: boolean;
  tone?: 'primary' | 'danger';
  run: (v: { amountCents?: number; percent?: number; reason: string }) => Promise<BillingActionResponse>;
  orderId: string;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const [amount, setAmount] = useState(maxCents !== undefined ? amountInput(maxCents) : '');
  const [percent, setPercent] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useBillingAction(orderId, run, onDone);
  const formId = `action-${title.replace(/\W+/g, '-')}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const v: { amountCents?: number; percent?: number; reason: string } = { reason: reason.trim() };
    if (withAmount) {
      if (percent) {
        const p = Number(amount);
        if (!/^\d{1,3}(\.\d{1,2})?$/.test(amount.trim()) || p <= 0 || p > 100)
          return setProblem('Enter a percent between 0 and 100, e.g. 30.');
        v.percent = p;
      } else {
        const cents = parseAmount(amount);
        if (cents === null || cents <= 0)
          return setProblem('Enter an amount greater than zero, e.g. 250.00.');
        if (maxCents !== undefined && cents > maxCents)
          return setProblem(`That is more than ${formatMoney(maxCents)}.`);
        v.amountCents = cents;
      }
    }
    if (withReason && !v.reason) return setProblem('Say why, for the record.');
    action.mutate(v);
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant={tone} type="submit" form={formId} busy={action.isPending}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <form id={formId} className="stack" onSubmit={submit} noValidate>
        {withAmount && percentOption && (
          <fieldset className="pay-choices">
            <legend>Deposit as</legend>
            <label>
              <input type="radio" name="deposit-as" checked={!percent} onChange={() => setPercent(false)} />{' '}
              An amount
            </label>
            <label>
              <input type="radio" name="deposit-as" checked={percent} onChange={() => setPercent(true)} /> A
              percent of the estimate
            </label>
          </fieldset>
        )}
        {withAmount && (
          <Field
            label={percent ? 'Percent of the estimate' : amountLabel}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            hint={maxCents !== undefined ? `At most ${formatMoney(maxCents)}.` : undefined}
          />
        )}
        {withReason && <Field label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} />}
        <FormAlert message={problem ?? (action.error ? errorMessage(action.error) : null)} />
      </form>
    </Dialog>
  );
}
