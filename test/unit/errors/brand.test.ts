// instanceof by brand: two copies of the SDK's modules (as the ESM and CJS builds are) accept each other's
// objects; frozen instances are branded; subclasses are their parents' kind; an unbranded subclass of the
// application keeps the ordinary check for itself. The packed builds are checked together in test/packaging.
import { describe, expect, it, vi } from 'vitest';

type Model = typeof import('../../../src/model/index.js');
type Core = typeof import('../../../src/core/environment.js') & typeof import('../../../src/core/client-configuration.js');

async function copy(): Promise<{ model: Model; core: Core; errors: typeof import('../../../src/errors/index.js') }> {
  vi.resetModules();
  const model = await import('../../../src/model/index.js');
  const core = { ...(await import('../../../src/core/environment.js')), ...(await import('../../../src/core/client-configuration.js')) } as Core;
  const errors = await import('../../../src/errors/index.js');
  return { model, core, errors };
}

describe('brands', () => {
  it('objects of one copy of the modules are instances of the other copy’s classes', async () => {
    const a = await copy();
    const b = await copy();
    expect(a.model.Sender).not.toBe(b.model.Sender);
    const sender = new a.model.Sender('123456789', new a.model.PollingQueue('q'));
    expect(sender).toBeInstanceOf(b.model.Sender);
    expect(sender.pollingQueue).toBeInstanceOf(b.model.PollingQueue);
    expect(a.core.Environment.production).toBeInstanceOf(b.core.Environment);
    const pin = new a.model.PersonalIdentificationNumber('01048200229');
    expect(pin.equals(new b.model.PersonalIdentificationNumber('01048200229'))).toBe(true);
    const doc = new a.model.Document('Avtale', undefined, 'PDF', new Uint8Array([1]));
    // The other copy's constructors accept them: no "must be a Sender" / "needs an environment".
    const job = new b.model.PortalJob(doc, [new a.model.PortalSigner(pin, new b.model.Notifications(new a.model.Email('a@b.no')))], 'r', sender);
    expect(job).toBeInstanceOf(a.model.PortalJob);
    const configuration = new b.core.ClientConfiguration({ environment: a.core.Environment.test, certificate: { key: 'k', cert: 'c' }, globalSender: sender });
    expect(configuration).toBeInstanceOf(a.core.ClientConfiguration);
    expect(new a.errors.ValidationError('f', 'm')).toBeInstanceOf(b.errors.SignatureError);
  });

  it('tells kinds apart: a reference is only its own kind', async () => {
    const { model } = await copy();
    const confirmation = new model.ConfirmationReference('https://x.example/c');
    expect(confirmation).toBeInstanceOf(model.ConfirmationReference);
    expect(confirmation).not.toBeInstanceOf(model.PadesReference);
    expect(new model.StatusReference('https://x.example/s')).not.toBeInstanceOf(model.ConfirmationReference);
    expect({ url: 'https://x.example/c' }).not.toBeInstanceOf(model.ConfirmationReference);
    expect(null).not.toBeInstanceOf(model.Sender);
    expect(Object.isFrozen(confirmation)).toBe(true);
    // The brand is invisible to enumeration and JSON.
    expect(Object.keys(new model.Sender('123456789'))).toEqual(['organizationNumber', 'pollingQueue']);
  });

  it('subclasses are their parents’ kind; an unbranded subclass keeps the ordinary check for itself', async () => {
    const { model } = await copy();
    class MySender extends model.Sender {}
    const mine = new MySender('123456789');
    expect(mine).toBeInstanceOf(model.Sender);
    expect(mine).toBeInstanceOf(MySender);
    expect(new model.Sender('123456789')).not.toBeInstanceOf(MySender);
    const job = new model.DirectJob(
      new model.Document('A', undefined, 'PDF', new Uint8Array([1])),
      [new model.DirectSigner(new model.CustomIdentifier('c'))],
      'r',
      model.ExitUrls.single('https://x.example/'),
    );
    expect(job).toBeInstanceOf(model.DirectJob);
    expect(job).not.toBeInstanceOf(model.PortalJob);
  });
});
