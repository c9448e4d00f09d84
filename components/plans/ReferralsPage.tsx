/**
 * A clinic's Referrals page: its referral link to share, the reward calculator over the live
 * plan prices, and the clinics it has referred with how far each has got.
 */
import ReferralCalculator, {
  type ReferralCalculatorProps,
} from "../../islands/ReferralCalculator.tsx";
import type { ClinicReferral } from "../../lib/subscriptions/referrals.ts";
import { formatCommission } from "../../lib/subscriptions/calculator.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { buttonClass, ButtonLink, Card, PageHeader, Stat } from "../ui/mod.ts";
import { ReferralStatusBadge } from "./ReferralStatusBadge.tsx";

function LinkCard({ link, code }: { link: string; code: string }) {
  const message = `We run our clinic on OdontoX. Leave your details here for a demo: ${link}`;
  return (
    <Card title="Your referral link">
      <div class="space-y-3 p-5">
        <p class="text-sm text-slate-600">
          Share it with other clinics. When one leaves its details through it, it appears below and
          the OdontoX team gets in touch.
        </p>
        <label for="referral-link" class="sr-only">Referral link</label>
        <input
          id="referral-link"
          readOnly
          value={link}
          class="block w-full rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900"
          data-referral-link
        />
        <div class="flex flex-wrap items-center gap-2">
          <a
            href={`https://wa.me/?text=${encodeURIComponent(message)}`}
            class={buttonClass("secondary", "sm")}
            target="_blank"
            rel="noopener noreferrer"
          >
            Share on WhatsApp
          </a>
          <ButtonLink
            href={`mailto:?subject=${encodeURIComponent("OdontoX for your clinic")}&body=${
              encodeURIComponent(message)
            }`}
            variant="secondary"
            size="sm"
          >
            Share by email
          </ButtonLink>
          <span class="ml-auto text-xs text-slate-500">
            Code <span class="font-mono font-semibold text-slate-700">{code}</span>
          </span>
        </div>
      </div>
    </Card>
  );
}

function ReferralList(
  { referrals, timeZone }: { referrals: ClinicReferral[]; timeZone: string },
) {
  if (referrals.length === 0) {
    return (
      <p class="px-5 py-6 text-sm text-slate-500">
        No referrals yet. Clinics that leave their details through your link appear here.
      </p>
    );
  }
  return (
    <ul class="divide-y divide-slate-100">
      {referrals.map((r) => (
        <li
          key={r.id}
          class="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3.5"
          data-referral={r.id}
        >
          <div class="min-w-0 flex-1">
            <p class="truncate text-sm font-semibold text-slate-900">{r.clinicName}</p>
            <p class="text-xs text-slate-500">
              {r.city} · {r.contactName} · {formatDateTime(r.createdAt, timeZone)}
            </p>
          </div>
          <ReferralStatusBadge status={r.status} />
        </li>
      ))}
    </ul>
  );
}

export function ReferralsPage(
  { link, code, referrals, calculator, timeZone }: {
    link: string;
    code: string;
    referrals: ClinicReferral[];
    calculator: ReferralCalculatorProps;
    timeZone: string;
  },
) {
  const signedUp = referrals.filter((r) => r.status === "signed_up").length;
  return (
    <>
      <PageHeader
        title="Referrals"
        subtitle={`Refer a clinic to OdontoX and earn ${
          formatCommission(calculator.commissionBps)
        } of its subscription for its first year.`}
      />
      <div class="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div class="lg:col-span-2">
          <LinkCard link={link} code={code} />
        </div>
        <div class="grid grid-cols-2 gap-4 lg:grid-cols-1">
          <Stat label="Referred" value={referrals.length} />
          <Stat label="Signed up" value={signedUp} />
        </div>
      </div>
      <div class="mt-6">
        <Card title="Reward calculator">
          <ReferralCalculator {...calculator} />
        </Card>
      </div>
      <div class="mt-6">
        <Card title="Clinics you referred">
          <ReferralList referrals={referrals} timeZone={timeZone} />
        </Card>
      </div>
    </>
  );
}
