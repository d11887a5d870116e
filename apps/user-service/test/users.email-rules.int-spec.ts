import { DataSource } from 'typeorm';
import { http, startUserService, uniqueEmail, type RunningService } from './support/user-service.harness';

/**
 * Email uniqueness over real HTTP: decided on `email_normalized` (domain and ASCII local parts lower-cased, other
 * local parts exact in NFC), while the address is shown as given; a 409 never echoes the address.
 */
describe('Email uniqueness on user-service', () => {
  let svc: RunningService;

  /** A local part no other test run uses. */
  const unique = () => uniqueEmail('mail').split('@')[0];
  const create = (email: string) =>
    http(`${svc.url}/users`, { method: 'POST', body: { name: 'Mail', email } });
  const patchEmail = (id: number, email: string) =>
    http(`${svc.url}/users/${id}`, { method: 'PATCH', body: { email } });
  const expectTaken = (answer: { status: number; body: unknown }, ...addresses: string[]) => {
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'EMAIL_TAKEN',
      error: 'Email is already in use by another user',
    });
    const text = JSON.stringify(answer.body).toLowerCase();
    for (const address of addresses) {
      expect(text).not.toContain(address.toLowerCase());
      expect(text).not.toContain(address.split('@')[0].toLowerCase());
    }
  };

  beforeAll(async () => {
    svc = await startUserService();
  });
  afterAll(() => svc.close());

  it('addresses that differ only in the case of an ASCII local part or of the domain collide: 409', async () => {
    const local = unique();
    const first = await create(`Kim.${local}@Example.com`);
    expect(first.status).toBe(201);
    expect(first.body.data.email).toBe(`Kim.${local}@Example.com`); // shown as given
    const again = await create(`kim.${local}@example.COM`);
    expectTaken(again, `kim.${local}@example.com`);
  });

  it('the 409 body does not contain the address', async () => {
    const email = `${unique()}@example.com`;
    expect((await create(email)).status).toBe(201);
    expectTaken(await create(email), email);
  });

  it('an accented local part and its unaccented spelling are two addresses: both 201', async () => {
    const local = unique();
    const accented = await create(`abusé.${local}@x.com`);
    const plain = await create(`abuse.${local}@x.com`);
    expect([accented.status, plain.status]).toEqual([201, 201]);
    expect(accented.body.data.email).toBe(`abusé.${local}@x.com`);
    // A non-ASCII local part is kept exactly, case included.
    expect((await create(`Abusé.${local}@x.com`)).status).toBe(201);
    // …in NFC: e + U+0301 is the é already taken.
    expectTaken(await create(`abuse\u0301.${local}@x.com`));
  });

  it('an internationalized domain and its punycode spelling are one domain', async () => {
    const local = unique();
    expect((await create(`${local}@MÜNCHEN.de`)).status).toBe(201);
    expectTaken(await create(`${local}@xn--mnchen-3ya.de`), `${local}@xn--mnchen-3ya.de`);
  });

  it('PATCH to an email taken once normalized is 409 and changes nothing; to its own in another case is 200', async () => {
    const local = unique();
    expect((await create(`owner.${local}@example.com`)).status).toBe(201);
    const other = (await create(`other.${local}@example.com`)).body.data;
    const taken = await patchEmail(other.id, `OWNER.${local}@EXAMPLE.com`);
    expectTaken(taken, `owner.${local}@example.com`);
    expect((await http(`${svc.url}/users/${other.id}`)).body.data).toMatchObject({
      email: `other.${local}@example.com`,
      version: 1,
    });
    const recased = await patchEmail(other.id, `Other.${local}@Example.com`);
    expect(recased.status).toBe(200);
    expect(recased.body.data).toMatchObject({ email: `Other.${local}@Example.com`, version: 2 });
  });

  it('stores the uniqueness key beside the address, under a binary collation', async () => {
    const local = unique();
    const { id } = (await create(`Mixed.${local}@Example.COM`)).body.data;
    const [row] = await svc.app
      .get(DataSource)
      .query('SELECT email, email_normalized FROM users WHERE id = ?', [id]);
    expect(row).toEqual({
      email: `Mixed.${local}@Example.COM`,
      email_normalized: `mixed.${local}@example.com`,
    });
    const [{ collation }] = await svc.app.get(DataSource).query(
      `SELECT COLLATION_NAME AS collation FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'email_normalized'`,
    );
    expect(collation).toBe('utf8mb4_bin');
  });
});
