// The kill form's CSRF token on the Spark master's page (spark-job/cluster/master-kill.ts).
import { describe, expect, it } from 'vitest';
import { killFormToken } from '../../spark-job/cluster/master-kill.ts';

describe('kill form token', () => {
  // As the Spark 4.3 master page renders an active application.
  const page = `
    <a href="app/?appId=app-20261125111759-0006">app-20261125111759-0006</a>
    <form action="app/kill/" method="POST" class="d-inline">
    <input type="hidden" name="id" value="app-20261125111759-0006"/>
    <input type="hidden" name="terminate" value="true"/>
    <input type="hidden" name="csrfToken" value="aaaa"/>
    </form>
    <form action="app/kill/" method="POST" class="d-inline">
    <input type="hidden" name="id" value="app-20261125111759-0007"/>
    <input type="hidden" name="terminate" value="true"/>
    <input type="hidden" name="csrfToken" value="9b4a49061aa3d9c66e9d4eed906e0e64"/>
    </form>`;

  it('takes the token of the form for that application', () => {
    expect(killFormToken(page, 'app-20261125111759-0007')).toBe('9b4a49061aa3d9c66e9d4eed906e0e64');
    expect(killFormToken(page, 'app-20261125111759-0006')).toBe('aaaa');
    expect(killFormToken(page, 'app-1')).toBeNull();
  });
});
