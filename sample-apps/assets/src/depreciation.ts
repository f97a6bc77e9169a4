/**
 * Straight-line depreciation by month, as Chinese accounting does it for fixed assets: an asset
 * starts depreciating the month after it was bought (当月增加，当月不提；次月起计提), by
 * cost × (1 − residual rate) / useful life per month, and stops once fully depreciated.
 */
export type Depreciation = {
  monthsDepreciated: number;
  monthlyCents: number;
  accumulatedCents: number;
  netCents: number;
  fullyDepreciated: boolean;
};

const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

export function depreciation(
  asset: { costCents: number; purchaseDate: string },
  category: { usefulLifeMonths: number; residualRate: number },
  asOf: string,
): Depreciation {
  const life = category.usefulLifeMonths;
  const depreciable = Math.round(asset.costCents * (1 - category.residualRate));
  const months = Math.min(life, Math.max(0, monthIndex(asOf) - monthIndex(asset.purchaseDate)));
  const monthlyCents = Math.round(depreciable / life);
  // The last month takes the rounding remainder, so the total is exactly the depreciable amount.
  const accumulatedCents = months === life ? depreciable : Math.min(depreciable, monthlyCents * months);
  return {
    monthsDepreciated: months,
    monthlyCents,
    accumulatedCents,
    netCents: asset.costCents - accumulatedCents,
    fullyDepreciated: months === life,
  };
}
