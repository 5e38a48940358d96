import type { Operation } from '../../shared/types';
import { getSapDetails } from './getSapDetails';
import { getSapInterspecDetails } from './getSapInterspecDetails';
import { insertInCts } from './insertInCts';

/** The Material API's SOAP services (insert in CTS, details from SAP / SAP and Interspec). */
export const soapOperations: Operation[] = [insertInCts, getSapInterspecDetails, getSapDetails];
