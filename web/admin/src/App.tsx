import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { Redirect, Route, Switch, useLocation } from "wouter";
import { SignIn } from "./auth/SignIn";
import { useSession } from "./auth/session";
import { Layout } from "./components/Layout";
import { AiUsage } from "./screens/AiUsage";
import { ChatPlayground } from "./screens/ChatPlayground";
import { DeadLetters } from "./screens/DeadLetters";
import { DealershipOverview } from "./screens/DealershipOverview";
import { Dealerships } from "./screens/Dealerships";
import { Inventory } from "./screens/Inventory";
import { JobScreen } from "./screens/JobScreen";
import { NewDealership } from "./screens/NewDealership";
import { Quality } from "./screens/Quality";
import { Scrapes } from "./screens/Scrapes";
import { SemanticSearch } from "./screens/SemanticSearch";
import { VehicleDetail } from "./screens/VehicleDetail";

export function App() {
  const session = useSession();
  const [location] = useLocation();
  const qc = useQueryClient();
  // Never show one user's cached data to the next.
  useEffect(() => {
    if (!session) qc.clear();
  }, [session, qc]);
  if (!session) return location === "/sign-in" ? <SignIn /> : <Redirect to="/sign-in" replace />;
  return (
    <Layout>
      <Switch>
        <Route path="/sign-in">
          <Redirect to="/" replace />
        </Route>
        <Route path="/">
          <Redirect to="/dealerships" replace />
        </Route>
        <Route path="/dealerships" component={Dealerships} />
        <Route path="/dealerships/new" component={NewDealership} />
        <Route path="/dealerships/:id" component={DealershipOverview} />
        <Route path="/dealerships/:id/inventory" component={Inventory} />
        <Route path="/dealerships/:id/vehicles/:vehicleId" component={VehicleDetail} />
        <Route path="/dealerships/:id/scrapes" component={Scrapes} />
        <Route path="/dealerships/:id/quality" component={Quality} />
        <Route path="/dealerships/:id/search" component={SemanticSearch} />
        <Route path="/dealerships/:id/chat" component={ChatPlayground} />
        <Route path="/dealerships/:id/ai-usage" component={AiUsage} />
        <Route path="/jobs/:jobId" component={JobScreen} />
        <Route path="/dead-letters" component={DeadLetters} />
        <Route>
          <div className="state state-error" role="alert">
            <p className="state-title">Not found</p>
            <p>There is no page at {location}.</p>
          </div>
        </Route>
      </Switch>
    </Layout>
  );
}
