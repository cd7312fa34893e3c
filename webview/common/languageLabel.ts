// The one "code — name" formatter (src/core/data/languageLabel.ts, dependency-free): webviews get
// the names in their protocol messages, never the code table.
export { languageLabel, type LanguageNames } from '../../src/core/data/languageLabel';
