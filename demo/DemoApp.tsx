import { useState } from 'react';
import { QueryClient } from '@tanstack/react-query';
import { createHttpAdapter } from '@quickbi-embed/core';
import { QuickBIProvider, QuickBIReport } from '@quickbi-embed/react';
import { DEMO_USER_COOKIE, DEMO_USER_NAMES, demoHeaders, type DemoUserName } from './demoUsers.js';

/** Remembers the choice across reloads. */
function rememberUser(user: DemoUserName) {
  document.cookie = `${DEMO_USER_COOKIE}=${user}; path=/; SameSite=Lax`;
}

function readUserCookie(): DemoUserName {
  return document.cookie.includes(`${DEMO_USER_COOKIE}=bob`) ? 'bob' : 'alice';
}

/** The demo page: a user switcher, a dashboard by ticket with its status, a data screen. */
export function DemoApp() {
  const [user, setUser] = useState<DemoUserName>(readUserCookie);
  const choose = (next: DemoUserName) => {
    rememberUser(next);
    setUser(next);
  };
  return (
    <>
      <header className="demo-header">
        <h1>Quick BI embed demo</h1>
        <div className="demo-users" role="group" aria-label="Demo user">
          <span>Signed in as</span>
          {DEMO_USER_NAMES.map((name) => (
            <button
              key={name}
              type="button"
              aria-pressed={user === name}
              onClick={() => choose(name)}
            >
              {name}
            </button>
          ))}
        </div>
      </header>
      {/* A new user is a new session: fresh client state, fresh credentials. */}
      <UserReports key={user} user={user} />
    </>
  );
}

function UserReports({ user }: { user: DemoUserName }) {
  const [{ queryClient, adapter }] = useState(() => ({
    queryClient: new QueryClient(),
    // The demo's stand-in for a login session (a real app's server reads its own session); the
    // server's policy decides what this user sees.
    adapter: createHttpAdapter({ headers: demoHeaders(user) }),
  }));
  const [loads, setLoads] = useState(0);
  const [shown, setShown] = useState(0);
  return (
    <QuickBIProvider adapter={adapter} queryClient={queryClient}>
      <main>
        <section data-testid="dashboard">
          <h2>Sales overview (dashboard, ticket)</h2>
          <QuickBIReport
            worksId={import.meta.env.VITE_QUICKBI_DASHBOARD_ID ?? 'dash-sales-0001'}
            title="Sales overview"
            credential="ticket"
            height="auto"
            showStatus
            onFrameLoad={() => setLoads((n) => n + 1)}
            onLoad={() => setShown((n) => n + 1)}
          />
          <p className="demo-loads">
            Report iframe loads: <span data-testid="report-loads">{loads}</span> · shown (Quick BI
            posted its height): <span data-testid="report-shown">{shown}</span>
          </p>
        </section>
        <section data-testid="screen">
          <h2>Live operations (data screen)</h2>
          <QuickBIReport
            worksId={import.meta.env.VITE_QUICKBI_SCREEN_ID ?? 'screen-live-0001'}
            worksType="dataScreen"
            title="Live operations"
            height={420}
          />
        </section>
        <p className="demo-note">
          The browser only names the report. The demo server decides who you are (here: the user
          switcher's cookie; in your app: your own session), which rows you may see (Quick BI global
          parameters) and your watermark, and mints the ticket with its AccessKey, which never
          reaches this page. The report stays open past the ticket&apos;s expiry: the page renews
          the ticket in place, so the iframe never reloads.
        </p>
      </main>
    </QuickBIProvider>
  );
}
