// Loaded before every test file of every project (vitest.shared.ts). Tests
// run with warning notices off, so the many dropped settings they exercise
// do not print on stderr. A test that checks notices routes them to a list
// (`captureWarnings()` from the test kit); the default destination (stderr,
// once per process) is checked in a fresh process by
// examples/warnings-default.test.ts and by core's report-warning tests.
import { setWarningHandler } from './packages/core/src/warnings/report-warning.ts';

setWarningHandler('off');
