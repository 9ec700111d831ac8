// Every XSD limit and business rule is enforced when the model object is constructed, with a ValidationError
// naming the field: a mistake is reported at the line that made it, not as an HTTP 400 after an upload.
import { describe, expect, it } from 'vitest';
import {
  ContactInformation,
  CustomIdentifier,
  DirectSigner,
  Email,
  Notifications,
  NotificationsUsingLookup,
  OnBehalfOf,
  PortalSigner,
  Sms,
} from '../../../src/model/index.js';
import { pin, dSigner, pSigner, direct, portal, refused } from '../../helpers/model.js';

describe('signers', () => {
  it('refuses duplicate signers', () => {
    refused(() => direct({ signers: [dSigner(), dSigner()] }), 'signers[1].identifier');
    refused(
      () => direct({ signers: [new DirectSigner(new CustomIdentifier('a')), dSigner(), new DirectSigner(new CustomIdentifier('a'))] }),
      'signers[2].identifier',
    );
    refused(() => portal({ signers: [pSigner(), new PortalSigner(pin(), new Notifications(new Email('a@b.no')))] }), 'signers[1].identifier');
    const contact = (): PortalSigner => new PortalSigner(new ContactInformation({ email: new Email('a@b.no'), sms: new Sms('12345678') }));
    refused(() => portal({ signers: [contact(), contact()] }), 'signers[1].identifier');
  });

  it('a job has 1 to 10 signers', () => {
    refused(() => direct({ signers: [] }), 'signers');
    refused(() => portal({ signers: [] }), 'signers');
    const eleven = Array.from({ length: 11 }, (_, i) => `010133000${String(i).padStart(2, '0')}`);
    refused(() => direct({ signers: eleven.map((p) => dSigner(p)) }), 'signers');
    refused(() => portal({ signers: eleven.map((p) => pSigner(p)) }), 'signers');
    expect(direct({ signers: eleven.slice(0, 10).map((p) => dSigner(p)) }).signers).toHaveLength(10);
  });

  it.each([-1, 10, 1.5, Number.NaN, Infinity])('refuses order %s', (order) => {
    refused(() => new PortalSigner(pin(), new NotificationsUsingLookup(), { order }), 'signer.order');
  });

  it('accepts orders 0 to 9', () => {
    for (let order = 0; order <= 9; order++) expect(new PortalSigner(pin(), new NotificationsUsingLookup(), { order }).order).toBe(order);
  });

  it('refuses OTHER with NotificationsUsingLookup, accepts it with explicit notifications', () => {
    refused(() => new PortalSigner(pin(), new NotificationsUsingLookup(), { onBehalfOf: OnBehalfOf.Other }), 'signer.onBehalfOf');
    refused(() => new PortalSigner(pin(), new NotificationsUsingLookup({ sms: true }), { onBehalfOf: OnBehalfOf.Other }), 'signer.onBehalfOf');
    expect(new PortalSigner(pin(), new Notifications(new Email('a@b.no')), { onBehalfOf: OnBehalfOf.Other }).onBehalfOf).toBe('OTHER');
  });

  it('refuses empty Notifications and empty ContactInformation', () => {
    refused(() => new Notifications(), 'notifications');
    refused(() => new ContactInformation({}), 'contactInformation');
    refused(() => new ContactInformation({ email: undefined, sms: undefined }), 'contactInformation');
  });

  it('a PIN signer needs notifications; a contact signer takes none', () => {
    refused(() => new PortalSigner(pin(), undefined as unknown as Notifications), 'signer.notifications');
    refused(
      () =>
        new (PortalSigner as unknown as new (...a: unknown[]) => PortalSigner)(
          new ContactInformation({ sms: new Sms('12345678') }),
          new NotificationsUsingLookup(),
        ),
      'signer.notifications',
    );
  });

  it('refuses unknown enum values', () => {
    refused(() => new DirectSigner(pin(), { signatureType: 'QUALIFIED' as never }), 'signer.signatureType');
    refused(() => new DirectSigner(pin(), { onBehalfOf: 'self' as never }), 'signer.onBehalfOf');
  });
});
