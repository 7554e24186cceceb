/**
 * Exact prices. Providers send decimal strings ("10.11"); they are kept as integer minor units
 * (cents) plus the currency, so totals (price × years, domain + server) are integer sums and the
 * shown amount is the provider's, never a float artefact (0.1 + 0.2). Pure.
 */
import { InfraError } from './errors';

export interface Money {
  /** The amount as a decimal string with two decimals, e.g. "10.11". */
  amount: string;
  /** The same amount in minor units (cents), an exact integer. */
  minor: number;
  /** ISO 4217. */
  currency: string;
}

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/** Parses a provider's decimal string; INFRA_PROVIDER_ERROR (non-retryable) when it is not one. */
export function parseMoney(amount: string, currency: string): Money {
  const m = DECIMAL.exec(amount.trim());
  if (!m || !/^[A-Z]{3}$/.test(currency)) {
    throw new InfraError('INFRA_PROVIDER_ERROR', `The provider sent a price that is not a decimal amount: "${amount.slice(0, 20)} ${currency.slice(0, 5)}"`, { retryable: false });
  }
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fromMinor(minor, currency);
}

/** Money from minor units. */
export function fromMinor(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new InfraError('INFRA_INVALID_INPUT', `Not an amount of minor units: ${minor}`);
  const whole = Math.floor(minor / 100);
  const cents = String(minor % 100).padStart(2, '0');
  return { amount: `${whole}.${cents}`, minor, currency };
}

/** `price × n`, exactly. */
export function times(price: Money, n: number): Money {
  return fromMinor(price.minor * n, price.currency);
}

/** The sum of amounts in one currency; INFRA_INVALID_INPUT when currencies differ. */
export function sum(amounts: Money[]): Money {
  if (amounts.length === 0) throw new InfraError('INFRA_INVALID_INPUT', 'Nothing to add up');
  const currency = amounts[0].currency;
  if (amounts.some((a) => a.currency !== currency)) {
    throw new InfraError('INFRA_INVALID_INPUT', `Cannot add amounts in different currencies (${[...new Set(amounts.map((a) => a.currency))].join(', ')})`);
  }
  return fromMinor(amounts.reduce((t, a) => t + a.minor, 0), currency);
}

/** A number for the spec's `price: 10.11` fields: the decimal string read once, never computed on. */
export function asNumber(m: Money): number {
  return Number(m.amount);
}

/** `10.11 USD`. */
export function formatMoney(m: Money): string {
  return `${m.amount} ${m.currency}`;
}

/**
 * Money from a number that already went through the VPS price path (e.g. 4.51 a month): rounded
 * to cents once, here, so adding it to exact amounts stays exact from then on.
 */
export function moneyFromNumber(n: number, currency: string): Money {
  return fromMinor(Math.round(n * 100), currency);
}
