import { describe, expect, it } from 'vitest';
import { depreciation } from './depreciation.ts';

const laptop = { costCents: 600_000, purchaseDate: '2025-03-18' };
const computers = { usefulLifeMonths: 36, residualRate: 0.05 };

describe('straight-line depreciation', () => {
  it('starts the month after purchase', () => {
    expect(depreciation(laptop, computers, '2025-03-31')).toMatchObject({
      monthsDepreciated: 0,
      netCents: 600_000,
    });
    expect(depreciation(laptop, computers, '2025-04-01')).toMatchObject({
      monthsDepreciated: 1,
      monthlyCents: 15_833,
      accumulatedCents: 15_833,
      netCents: 584_167,
    });
  });

  it('runs a year into the next one', () => {
    expect(depreciation(laptop, computers, '2026-03-01')).toMatchObject({
      monthsDepreciated: 12,
      accumulatedCents: 189_996,
    });
  });

  it('stops at the residual value, exactly', () => {
    const end = depreciation(laptop, computers, '2030-01-01');
    expect(end).toMatchObject({
      monthsDepreciated: 36,
      accumulatedCents: 570_000,
      netCents: 30_000,
      fullyDepreciated: true,
    });
  });

  it('never depreciates before the purchase', () => {
    expect(depreciation(laptop, computers, '2024-12-31').accumulatedCents).toBe(0);
  });
});
