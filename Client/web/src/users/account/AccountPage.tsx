import { usePageTitle } from '../../ui/usePageTitle';
import { ApiTokensSection } from './ApiTokensSection';
import { ChangePasswordForm } from './ChangePasswordForm';
import { MySessionsSection } from './MySessionsSection';
import { ProfileSection } from './ProfileSection';
import { SshKeysSection } from './SshKeysSection';

export function AccountPage() {
  usePageTitle('Account');
  return (
    <div className="page stack-lg">
      <h1 tabIndex={-1}>Account</h1>
      <ProfileSection />
      <ChangePasswordForm />
      <MySessionsSection />
      <ApiTokensSection />
      <SshKeysSection />
    </div>
  );
}
