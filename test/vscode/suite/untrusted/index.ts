// Mocha entry of the Restricted Mode suite (a second VS Code session whose workspace is not
// trusted; see runExtensionTests.ts): runs every *.test.js beside it.
export { run } from '../index';
