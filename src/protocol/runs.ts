/** How panels name a saved run: its file (a `.xlens/runs/*.json` report) as a URI string. */
export interface RunRef {
  uri: string;
  /** Display label, e.g. `xquad · bilingual · multilingual-e5-small`. */
  label: string;
}
