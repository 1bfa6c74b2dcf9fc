/** What other modules use from the company settings. */
export { getCompanySettings, senderFor, type CompanySettings, type CompanyProfile, type BrandSender, type Sender } from './company-settings.ts';
