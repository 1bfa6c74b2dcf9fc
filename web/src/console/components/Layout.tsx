import { Suspense, useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.ts';
import { NAVIGATION } from '../navigation.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The frame of every console page: navigation for what the role may do, who is signed in. */
export function Layout() {
  const { me, can, signOut } = useAuth();
  const { t } = useI18n();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstPage = useRef(true);
  // After moving to another screen, focus goes to its content, as a page load would put it,
  // so keyboard and screen-reader users start at the new page, not in the navigation.
  useEffect(() => {
    if (firstPage.current) firstPage.current = false;
    else main.current?.focus({ preventScroll: false });
  }, [pathname]);
  const groups = NAVIGATION.map((group) => ({ ...group, items: group.items.filter((item) => !item.permission || can(item.permission)) })).filter(
    (group) => group.items.length > 0,
  );
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span className="brand-name">Rebound</span>
        </div>
        <nav aria-label={t('nav.label')}>
          {groups.map((group) => (
            <div className="nav-group" key={group.label}>
              <h2 className="nav-group-label">{t(group.label)}</h2>
              <ul>
                {group.items.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.to === '/'} className="nav-link">
                      {t(item.label)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
      </aside>
      <div className="main-column">
        <header className="topbar">
          <div className="topbar-user">
            <span className="user-name">{me?.name}</span>
            {me?.roles?.length ? <span className="user-roles">{me.roles.map((role) => t(`role.${role}` as never)).join(', ')}</span> : null}
          </div>
          <LanguageSwitch />
          <button type="button" className="button" onClick={() => void signOut()}>
            {t('auth.signOut')}
          </button>
        </header>
        <main id="main" tabIndex={-1} ref={main}>
          {/* Pages load as their own chunks: the navigation stays while one arrives. */}
          <Suspense fallback={<div className="splash" role="status">{t('common.loading')}</div>}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
