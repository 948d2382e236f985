import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { getDb } from '@/utils/store/db';
import { formatDateTime } from '@/utils/format';
import { ConnectError, checkMembership, originPattern, serverAddress, signIn, signOut, teamName, userName, type ConnectProblem } from '@/utils/team/connect';
import { saveTeamConfig, updateTeamStatus, type TeamConfig, type TeamStatus } from '@/utils/team/config';
import { TextField } from '../ui/fields';
import { useTeam } from './use-team';
import { SyncIndicator } from './SyncIndicator';

const PROBLEM_KEYS = {
  'not-an-address': 'team.problem.notAnAddress',
  'not-https': 'team.problem.notHttps',
  'bad-team-name': 'team.problem.badTeamName',
  'bad-user-name': 'team.problem.badUserName',
  'no-permission': 'team.problem.noPermission',
  unreachable: 'team.problem.unreachable',
  'wrong-password': 'team.problem.wrongPassword',
  'not-a-member': 'team.problem.notAMember',
  'no-such-team': 'team.problem.noSuchTeam',
  'server-error': 'team.problem.serverError',
  passwordMissing: 'team.problem.passwordMissing',
} as const satisfies Record<ConnectProblem | 'passwordMissing', string>;

const fetchWithSession = (url: string, init?: RequestInit) => fetch(url, init);

/**
 * Options' "Team library": connect with the server's address, the team's name, a user name and a
 * password (sent once, never kept); once connected, who and when it last synced, and "Leave team".
 * A failure says what went wrong (role=alert) and changes nothing.
 */
export function TeamLibrary() {
  const team = useTeam();
  const [left, setLeft] = useState(false);
  if (team === undefined) return <section aria-labelledby="team-heading" aria-busy="true" />;
  const { config, status } = team;
  return (
    <section aria-labelledby="team-heading">
      <h2 id="team-heading">{i18n.t('team.heading')}</h2>
      {config ? (
        <Connected config={config} status={status} onLeft={() => setLeft(true)} />
      ) : (
        <>
          <p class="hint">{i18n.t('team.intro')}</p>
          {left && <p role="status">{i18n.t('team.left')}</p>}
          <ConnectForm onConnected={() => setLeft(false)} />
        </>
      )}
    </section>
  );
}

/**
 * Asks for the server's origin (no prompt when already granted); says whether it was just granted (to
 * undo on failure). Both calls are made at once, in the click: Firefox allows `permissions.request` only
 * while the page handles user input, which a promise callback no longer does. `contains`, asked
 * first, answers from before the request.
 */
function askForServer(origin: string): Promise<{ granted: boolean; fresh: boolean }> {
  const permissions = { origins: [origin] };
  const had = browser.permissions.contains(permissions);
  const granted = browser.permissions.request(permissions);
  return Promise.all([had, granted]).then(([had, granted]) => ({ granted, fresh: granted && !had }));
}

function ConnectForm({ onConnected, again }: { onConnected(): void; again?: TeamConfig }) {
  const [server, setServer] = useState(again?.server ?? '');
  const [teamText, setTeamText] = useState(again?.team ?? '');
  const [user, setUser] = useState(again?.user ?? '');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<ConnectProblem | 'passwordMissing' | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    let address: string;
    let name: string;
    let member: string;
    try {
      address = serverAddress(server);
      name = teamName(teamText);
      member = userName(user);
    } catch (error) {
      setProblem(error instanceof ConnectError ? error.problem : 'not-an-address');
      return;
    }
    if (!password) return setProblem('passwordMissing');
    setBusy(true);
    setProblem(null);
    const origin = originPattern(address, !import.meta.env.FIREFOX);
    // The permission is asked for at once, in the click: browsers allow the prompt only then.
    void askForServer(origin)
      .then(async ({ granted, fresh }) => {
        if (!granted) throw new ConnectError('no-permission');
        try {
          await signIn(fetchWithSession, address, member, password);
          await checkMembership(fetchWithSession, address, name);
        } catch (error) {
          if (fresh) await browser.permissions.remove({ origins: [origin] }).catch(() => false);
          throw error;
        }
        const now = Date.now();
        const joining = !again || again.server !== address || again.team !== name || again.user !== member;
        if (joining) {
          const { afterJoining } = await import('@/utils/team/runner');
          await afterJoining(getDb());
        }
        await saveTeamConfig({ server: address, team: name, user: member, joinedAt: joining ? now : again!.joinedAt, signedInAt: now });
        await updateTeamStatus({ state: 'syncing' });
        setPassword('');
        onConnected();
      })
      .catch((error: unknown) => {
        if (!(error instanceof ConnectError)) console.error('[LGA Guide Clipper] joining the team', error);
        setProblem(error instanceof ConnectError ? error.problem : 'server-error');
      })
      .finally(() => setBusy(false));
  };

  return (
    <form class="team-form" onSubmit={submit} noValidate>
      {problem && (
        <p class="error-message" role="alert">
          {i18n.t(PROBLEM_KEYS[problem])}
        </p>
      )}
      {!again && (
        <>
          <TextField label={i18n.t('team.server')} hint={i18n.t('team.serverHint')} type="url" value={server} onInput={setServer} autocomplete="url" />
          <TextField label={i18n.t('team.team')} hint={i18n.t('team.teamHint')} value={teamText} onInput={setTeamText} />
          <TextField label={i18n.t('team.user')} value={user} onInput={setUser} autocomplete="username" />
        </>
      )}
      <TextField label={i18n.t('team.password')} type="password" value={password} onInput={setPassword} autocomplete="current-password" />
      <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>
        {busy ? i18n.t('team.connecting') : again ? i18n.t('team.signInAgain') : i18n.t('team.connect')}
      </button>
    </form>
  );
}

function Connected({ config, status, onLeft }: { config: TeamConfig; status: TeamStatus | null; onLeft(): void }) {
  const [busy, setBusy] = useState(false);
  const leave = () => {
    if (busy) return;
    setBusy(true);
    void (async () => {
      await saveTeamConfig(null);
      const { afterLeaving } = await import('@/utils/team/runner');
      await afterLeaving(getDb(), config);
      await signOut(fetchWithSession, config.server);
      onLeft();
    })().finally(() => setBusy(false));
  };
  const synced = status?.lastSyncAt ? i18n.t('team.lastSynced', [formatDateTime(status.lastSyncAt)]) : i18n.t('team.neverSynced');
  return (
    <>
      <p role="status" class="team-connected">
        {i18n.t('team.connected', [config.team, config.user])} {synced}
      </p>
      <SyncIndicator status={status} />
      {status?.state === 'signedOut' && (
        <>
          <p class="hint">{i18n.t('team.signedOutHint')}</p>
          <ConnectForm again={config} onConnected={() => undefined} />
        </>
      )}
      {status && status.refused.length > 0 && (
        <div class="team-refused">
          <h3>{i18n.t('team.refusedHeading')}</h3>
          <ul>
            {status.refused.map((r, i) => (
              <li key={i}>{i18n.t('team.refusedItem', [r.id, r.reason])}</li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" class="button button-secondary" onClick={leave} aria-disabled={busy ? 'true' : undefined}>
        {i18n.t('team.leave')}
      </button>
    </>
  );
}
