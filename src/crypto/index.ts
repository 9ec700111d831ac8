export { loadOrganizationCertificate, type CertificateInput, type OrganizationCertificate } from './organization-certificate.js';
export { describeCertificate } from './certificate-info.js';
export { organizationNumberOf, organizationNumberOfCertificate } from './organization-number.js';
