/** The customer an email preview renders for: an account, and the contact who would receive it. */
export interface PreviewCustomer {
  accountId: number;
  accountName: string;
  contactId: number | null;
  contactName: string | null;
}
