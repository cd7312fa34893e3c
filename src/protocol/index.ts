import type { BitextFromWebview, BitextToWebview } from './bitext';
import type { CommonFromWebview, CommonToWebview } from './common';
import type { CompareFromWebview, CompareToWebview } from './compare';
import type { InspectorFromWebview, InspectorToWebview } from './inspector';
import type { MaxrFromWebview, MaxrToWebview } from './maxr';
import type { ProjectionFromWebview, ProjectionToWebview } from './projection';
import type { RankingFromWebview, RankingToWebview } from './ranking';
import type { SidebarCompareFromWebview, SidebarCompareToWebview } from './sidebarCompare';
import type { TrainingFromWebview, TrainingToWebview } from './training';

export type * from './bitext';
export type * from './common';
export type * from './compare';
export type * from './inspector';
export type * from './maxr';
export type * from './projection';
export type * from './ranking';
export type * from './runs';
export type * from './sidebarCompare';
export type * from './training';

/** Everything the host may post to a webview. */
export type HostToWebview = CommonToWebview | ProjectionToWebview | RankingToWebview | MaxrToWebview | CompareToWebview | TrainingToWebview | BitextToWebview | InspectorToWebview | SidebarCompareToWebview;
/** Everything a webview may post to the host. */
export type WebviewToHost = CommonFromWebview | ProjectionFromWebview | RankingFromWebview | MaxrFromWebview | CompareFromWebview | TrainingFromWebview | BitextFromWebview | InspectorFromWebview | SidebarCompareFromWebview;
