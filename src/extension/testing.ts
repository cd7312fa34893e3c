import { finishedJobs } from './jobs';
import { approveModel, setConfirmRemote, settingOrigin, trustDecisions } from './trust';

/**
 * What `activate` returns in test mode only (ExtensionMode.Test): the extension-host suite
 * stubs the remote-host confirmation and waits on decisions and finished jobs.
 */
export const testingApi = {
  setConfirmRemote,
  approveModel,
  settingOrigin,
  decisions: trustDecisions,
  jobs: (): readonly (typeof finishedJobs)[number][] => finishedJobs,
};

export type TestingApi = typeof testingApi;
