import { defineApp } from '@campusbase/plugin-sdk';
import { decideLoan, listLoans, requestLoan, returnLoan } from './loans.ts';
import {
  addCategory,
  assetDetail,
  assetLabel,
  depreciationReport,
  listAssets,
  listCategories,
  listDevices,
  registerAsset,
  scrapAsset,
  seedCategories,
  updateAsset,
} from './register.ts';
import { listRepairs, openRepair, resolveRepair } from './repairs.ts';
import { closeStocktake, scan, startStocktake, stocktakeReport } from './stocktake.ts';
import type { AssetTypes } from './types.ts';

/** 设备资产管理: the handlers of every route and hook declared in campusbase.app.json. */
export default defineApp<AssetTypes>({
  routes: {
    'GET /categories': listCategories,
    'POST /categories': addCategory,
    'GET /assets': listAssets,
    'POST /assets': registerAsset,
    'GET /assets/:id': assetDetail,
    'PATCH /assets/:id': updateAsset,
    'GET /assets/:id/label': assetLabel,
    'POST /assets/:id/scrap': scrapAsset,
    'GET /devices': listDevices,
    'GET /loans': listLoans,
    'POST /loans': requestLoan,
    'POST /loans/:id/decision': decideLoan,
    'POST /loans/:id/return': returnLoan,
    'GET /repairs': listRepairs,
    'POST /repairs': openRepair,
    'POST /repairs/:id/resolve': resolveRepair,
    'POST /stocktakes': startStocktake,
    'GET /stocktakes/:id': stocktakeReport,
    'POST /stocktakes/:id/scans': scan,
    'POST /stocktakes/:id/close': closeStocktake,
    'GET /reports/depreciation': depreciationReport,
  },
  hooks: { install: seedCategories },
});
