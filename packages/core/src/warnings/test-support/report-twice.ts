// Run in a fresh process by report-warning.test.ts: the same warning twice on
// one model, once on another, with the default destination untouched.
import { checkRequestWarnings } from '../check-request-warnings.ts';

const warning = {
  type: 'unsupported-setting',
  setting: 'temperature',
  details: 'not sent: Claude Opus 4.7 and later reject it',
} as const;
checkRequestWarnings([warning], { provider: 'anthropic', modelId: 'claude-opus-4-7' });
checkRequestWarnings([warning], { provider: 'anthropic', modelId: 'claude-opus-4-7' });
checkRequestWarnings([warning], { provider: 'anthropic', modelId: 'claude-haiku-5-5' });
