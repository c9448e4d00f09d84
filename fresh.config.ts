/** Render configuration: the twind theme and the island registry. */
import { defineConfig } from "@twind/core";
import presetTailwind from "@twind/preset-tailwind";
import AppointmentXrays from "./islands/AppointmentXrays.tsx";
import CalendarChangeNotice from "./islands/CalendarChangeNotice.tsx";
import DashboardLive from "./islands/DashboardLive.tsx";
import DicomAnalysisPanel from "./islands/DicomAnalysisPanel.tsx";
import DicomUpload from "./islands/DicomUpload.tsx";
import DueDateSuggestion from "./islands/DueDateSuggestion.tsx";
import InventoryList from "./islands/InventoryList.tsx";
import InvoiceLedger from "./islands/InvoiceLedger.tsx";
import LiveToasts from "./islands/LiveToasts.tsx";
import LabLiveRefresh from "./islands/LabLiveRefresh.tsx";
import LabUpload from "./islands/LabUpload.tsx";
import NotificationBell from "./islands/NotificationBell.tsx";
import Odontogram from "./islands/Odontogram.tsx";
import PdfExport from "./islands/PdfExport.tsx";
import PerioEntry from "./islands/PerioEntry.tsx";
import PermissionTree from "./islands/PermissionTree.tsx";
import PhoneInput from "./islands/PhoneInput.tsx";
import PlanChangeNotice from "./islands/PlanChangeNotice.tsx";
import PlanEditor from "./islands/PlanEditor.tsx";
import SignaturePad from "./islands/SignaturePad.tsx";
import RadiologyViewer from "./islands/RadiologyViewer.tsx";
import ReferralCalculator from "./islands/ReferralCalculator.tsx";
import SessionRuntime from "./islands/SessionRuntime.tsx";
import StockMovementForm from "./islands/StockMovementForm.tsx";
import WeekCalendar from "./islands/WeekCalendar.tsx";
import WhatsappConnectionTest from "./islands/WhatsappConnectionTest.tsx";

export const twindConfig = defineConfig({
  presets: [presetTailwind()],
  // Class lists repeated dozens of times on one page, named once: the sheet
  // carries their CSS once and every element a short name.
  rules: [
    ["mini-day", "mx-auto grid h-7 w-7 place-items-center rounded-full tabular-nums"],
    [
      "week-day-head",
      "flex min-w-0 flex-1 flex-col items-center gap-0.5 border-l border-slate-100 px-1 py-2 hover:bg-slate-50",
    ],
    ["week-hour", "absolute right-2 text-[11px] tabular-nums text-slate-500"],
  ],
  theme: {
    extend: {
      colors: {
        brand: {
          50: "#effcf9",
          100: "#c9f7ee",
          200: "#94eede",
          300: "#58dec9",
          400: "#2bc4b0",
          500: "#14a897",
          600: "#0b7d72",
          700: "#0f6c64",
          800: "#115651",
          900: "#124844",
          950: "#042b29",
        },
      },
      fontFamily: {
        sans: [
          "Inter",
          "ui-sans-serif",
          "system-ui",
          "-apple-system",
          "Segoe UI",
          "Roboto",
          "sans-serif",
        ],
      },
    },
  },
});

/** Island name → component. A name is also the file name under `islands/`. */
export const islands = {
  AppointmentXrays,
  CalendarChangeNotice,
  DashboardLive,
  DicomAnalysisPanel,
  DicomUpload,
  DueDateSuggestion,
  InventoryList,
  InvoiceLedger,
  LabLiveRefresh,
  LabUpload,
  LiveToasts,
  NotificationBell,
  Odontogram,
  PdfExport,
  PerioEntry,
  PermissionTree,
  PhoneInput,
  PlanChangeNotice,
  PlanEditor,
  SignaturePad,
  RadiologyViewer,
  ReferralCalculator,
  SessionRuntime,
  StockMovementForm,
  WeekCalendar,
  WhatsappConnectionTest,
};
