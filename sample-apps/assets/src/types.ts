import type { AppContext, JsonValue } from '@campusbase/plugin-sdk';

export interface Category {
  [key: string]: JsonValue;
  code: string;
  name: string;
  usefulLifeMonths: number;
  residualRate: number;
}

export type AssetStatus = 'in_stock' | 'checked_out' | 'repair' | 'scrapped';

export interface Asset {
  [key: string]: JsonValue;
  code: string;
  name: string;
  categoryCode: string;
  model: string;
  location: string;
  purchaseDate: string;
  /** Purchase price in 分 (fen), so sums stay exact. */
  costCents: number;
  status: AssetStatus;
  holderId: string | null;
  holderName: string | null;
  /** Set when the asset is also a device registered on the platform's IoT bridge. */
  deviceId: string | null;
  deviceType: string | null;
  statusBeforeRepair: 'in_stock' | 'checked_out' | null;
}

export interface Loan {
  [key: string]: JsonValue;
  assetId: string;
  assetCode: string;
  assetName: string;
  borrowerId: string;
  borrowerName: string;
  purpose: string;
  dueDate: string;
  status: 'requested' | 'approved' | 'rejected' | 'returned';
  decidedBy: string | null;
  decidedAt: string | null;
  returnedAt: string | null;
  returnNote: string;
}

export interface Repair {
  [key: string]: JsonValue;
  assetId: string;
  assetCode: string;
  assetName: string;
  description: string;
  reportedBy: string;
  reportedByName: string;
  status: 'open' | 'resolved';
  resolution: string;
  costCents: number;
  openedAt: string;
  closedAt: string | null;
}

export interface Stocktake {
  [key: string]: JsonValue;
  name: string;
  startedBy: string;
  startedAt: string;
  status: 'open' | 'closed';
  closedAt: string | null;
}

export interface Scan {
  [key: string]: JsonValue;
  key: string;
  stocktakeId: string;
  code: string;
  known: boolean;
  scannedBy: string;
  scannedAt: string;
  location: string;
}

export interface AssetSettings {
  [key: string]: JsonValue;
  approverIds: string[];
  codePrefix: string;
  maxLoanDays: number;
}

export type AssetTypes = {
  settings: AssetSettings;
  collections: {
    categories: Category;
    assets: Asset;
    loans: Loan;
    repairs: Repair;
    stocktakes: Stocktake;
    scans: Scan;
  };
};

export type Context = AppContext<AssetTypes>;
