/**
 * A browser page on another origin watching migrations live with Apollo Client 4 and
 * GraphQLWsLink (graphql-ws): every job's changes through migrationJobsUpdated, and once a job
 * ends, migrationJobUpdated for it, which sends the final state and completes. The test bundles
 * it with esbuild and reads `APP_STATE` from the page.
 */
import { ApolloClient, gql, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';

interface AppConfig {
  wsUrl: string;
  apiKey: string;
}

interface JobView {
  id: string;
  status: string;
  progress: { step: string | null; percent: number };
  commands: { seq: number; name: string; outcome: string }[];
}

interface AppState {
  connected: boolean;
  events: JobView[];
  finalOfJob: JobView[];
  completed: boolean;
  error: string | null;
}

const page = globalThis as unknown as { APP_CONFIG: AppConfig; APP_STATE: AppState };
const state: AppState = { connected: false, events: [], finalOfJob: [], completed: false, error: null };
page.APP_STATE = state;

const JOB = 'id status progress { step percent } commands { seq name outcome }';
const ALL_JOBS = gql(`subscription LiveJobs { migrationJobsUpdated { ${JOB} } }`);
const ONE_JOB = gql(`subscription LiveJob($id: ID!) { migrationJobUpdated(id: $id) { ${JOB} } }`);

const ws = createClient({
  url: page.APP_CONFIG.wsUrl,
  connectionParams: { authorization: `Bearer ${page.APP_CONFIG.apiKey}` },
  on: { connected: () => (state.connected = true) },
});
const client = new ApolloClient({ link: new GraphQLWsLink(ws), cache: new InMemoryCache() });

client.subscribe<{ migrationJobsUpdated: JobView }>({ query: ALL_JOBS }).subscribe({
  next: ({ data }) => {
    const job = data?.migrationJobsUpdated;
    if (!job) return;
    state.events.push(job);
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') watchEnd(job.id);
  },
  error: (error: unknown) => (state.error = String(error)),
});

function watchEnd(id: string): void {
  client.subscribe<{ migrationJobUpdated: JobView }>({ query: ONE_JOB, variables: { id } }).subscribe({
    next: ({ data }) => {
      if (data?.migrationJobUpdated) state.finalOfJob.push(data.migrationJobUpdated);
    },
    complete: () => (state.completed = true),
    error: (error: unknown) => (state.error = String(error)),
  });
}
