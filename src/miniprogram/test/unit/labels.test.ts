import { readFileSync } from 'fs';
import { join } from 'path';
import { LABELS } from '../../miniprogram/api/labels';
import { EVENT_TYPES, LEAVE_STATUS, REQUEST_STATUS } from '../../miniprogram/utils/format';

describe('the words for the contract codes', () => {
  test('are the ones in api-spec/labels.json, which the server and the console read (npm run gen when this fails)', () => {
    const source = JSON.parse(readFileSync(join(__dirname, '../../../../api-spec/labels.json'), 'utf8'));
    expect(LABELS).toEqual(source);
  });

  test('are what the pages show', () => {
    expect(EVENT_TYPES.democratic_review).toBe('民主评议党员');
    expect(REQUEST_STATUS.closed).toBe('已评价');
    expect(LEAVE_STATUS.refused).toBe('未批准');
  });
});
