export { loadOrganizationCertificate, type CertificateInput, type OrganizationCertificate } from './organization-certificate.js';
export { certificateInfo, describeCertificate, type CertificateInfo } from './certificate-info.js';
export { organizationNumberOf, organizationNumberOfCertificate } from './organization-number.js';
export { rfc2253 } from './rfc2253.js';
