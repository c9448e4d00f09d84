/**
 * What a Ruby report holds: every figure of one period and of the period
 * before it, each beside a disclosure of what was counted for it. Stored as
 * JSON exactly as generated, so these types are the report's format; a
 * change to them must still read older reports (`version`).
 */

/** What a figure counted, so an owner can trust or question it. */
export interface Disclosure {
  /** The rows, the filters and the period, in a sentence. */
  counted: string;
  /** How many rows the figure was computed from. */
  rows: number;
}

/** The clinic's calendar days a report covers (both inclusive), on its clock. */
export interface ReportPeriod {
  start: string;
  end: string;
  days: number;
  timeZone: string;
}

export interface ThroughputFigures {
  /** Appointments starting in the period, whatever became of them. */
  booked: number;
  completed: number;
  cancelled: number;
  noShows: number;
  /** Shares of `booked`, in percent with one decimal; null with nothing booked. */
  completionRate: number | null;
  cancellationRate: number | null;
  noShowRate: number | null;
  disclosure: Disclosure;
}

export interface UtilisationRow {
  id: string;
  name: string;
  appointments: number;
  /** Minutes of kept appointments (not cancelled, not no-shows). */
  bookedMinutes: number;
  /** Percent of the clinic's open minutes in the period; null when it was never open. */
  utilisation: number | null;
}

export interface UtilisationFigures {
  /** Working-hours minutes in the period, closed dates left out: what one chair could give. */
  openMinutes: number;
  operatories: UtilisationRow[];
  doctors: UtilisationRow[];
  disclosure: Disclosure;
}

export interface PatientFigures {
  /** Patients with a completed or started visit in the period. */
  seen: number;
  /** Of them, those whose first such visit ever was in the period. */
  newPatients: number;
  returning: number;
  /** Patient records created in the period. */
  registered: number;
  disclosure: Disclosure;
}

export interface LabTurnaroundCase {
  caseNumber: string;
  /** UTC dates, YYYY-MM-DD. */
  sentOn: string;
  deliveredOn: string;
  days: number;
}

export interface LabFigures {
  /** Cases delivered in the period that had been sent to the lab. */
  delivered: number;
  /** Days from sent to delivered on UTC dates; one decimal; null with no case. */
  averageDays: number | null;
  medianDays: number | null;
  longestDays: number | null;
  cases: LabTurnaroundCase[];
  disclosure: Disclosure;
}

export interface ConsumedLine {
  name: string;
  unit: string;
  quantity: number;
}

export interface ConsumptionFigures {
  /** Units used, net of returns, over every item. */
  units: number;
  items: ConsumedLine[];
  disclosure: Disclosure;
}

export interface PaymentMethodLine {
  method: string;
  label: string;
  amountMinor: number;
  payments: number;
}

export interface BillingFigures {
  invoices: number;
  invoicedMinor: number;
  collectedMinor: number;
  /** Still owed on the period's invoices at generation. */
  outstandingMinor: number;
  /** Of that, on invoices past their due date. */
  overdueMinor: number;
  overdueInvoices: number;
  byMethod: PaymentMethodLine[];
  disclosure: Disclosure;
}

export interface RevenueWeek {
  /** The Monday the week starts on (clinic date); the first week may start before the period. */
  weekStart: string;
  invoicedMinor: number;
  collectedMinor: number;
}

export interface RevenueTrend {
  weeks: RevenueWeek[];
  disclosure: Disclosure;
}

export interface PeriodFigures {
  period: ReportPeriod;
  throughput: ThroughputFigures;
  utilisation: UtilisationFigures;
  patients: PatientFigures;
  lab: LabFigures;
  consumption: ConsumptionFigures;
  /** Null where the clinic's data has no billing (before the finance tables existed). */
  billing: BillingFigures | null;
  revenue: RevenueTrend | null;
}

export interface LowStockLine {
  id: string;
  name: string;
  unit: string;
  onHand: number;
  reorderThreshold: number;
}

export interface ReportFigures {
  version: 1;
  /** ISO instant. */
  generatedAt: string;
  current: PeriodFigures;
  /** The same figures for the equally long period just before, to compare with. */
  previous: PeriodFigures;
  /** At generation: the stock is a state, not a period. */
  lowStock: { items: LowStockLine[]; disclosure: Disclosure };
}
