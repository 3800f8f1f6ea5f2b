import { useQueryClient } from "@tanstack/react-query";
import { useLocation } from "wouter";
import { api, unwrap } from "../api/client";
import { keys } from "../api/hooks";
import { isOperator, useSession } from "../auth/session";
import { DealershipForm } from "../components/DealershipForm";
import { ErrorPanel } from "../components/States";

export function NewDealership() {
  const session = useSession();
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  if (!isOperator(session)) {
    return (
      <ErrorPanel error={new Error("Only platform operators can onboard dealerships.")} title="Not allowed" />
    );
  }
  return (
    <>
      <header className="page-head">
        <h1>Onboard a dealership</h1>
        <p className="muted">
          It can be scraped right away; its first scheduled scrape follows the cron below.
        </p>
      </header>
      <DealershipForm
        operator
        submitLabel="Create dealership"
        onSubmit={async (body) => {
          const created = await unwrap(api.POST("/v1/dealerships", { body }));
          await qc.invalidateQueries({ queryKey: keys.dealerships });
          navigate(`/dealerships/${created.id}`);
        }}
      />
    </>
  );
}
