import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.ts';

describe('loadConfig', () => {
  it('applies embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('::');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DEMO_SEED).toBe(true);
  });

  it('names PORT and shows a valid example when PORT=abc', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrowError(ConfigError);
    try {
      loadConfig({ PORT: 'abc' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT must be a whole number');
      expect(message).toContain('"abc"');
      expect(message).toContain('PORT=3000');
    }
  });

  it('names DATABASE_URL when it is not a PostgreSQL URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'nonsense' })).toThrowError(
      /DATABASE_URL must be a PostgreSQL connection URL/,
    );
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
      expect(problems).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    }
  });

  it('never echoes the secret key', () => {
    expect(() => loadConfig({ SECRET_KEY: 'short-secret' })).toThrowError(/\*\*\*/);
    expect(() => loadConfig({ SECRET_KEY: 'short-secret' })).not.toThrowError(/short-secret/);
  });

  it('keeps audit entries 180 days by default and refuses less, with a valid example', () => {
    expect(loadConfig({}).AUDIT_RETENTION_DAYS).toBe(180);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '400' }).AUDIT_RETENTION_DAYS).toBe(400);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '90' })).toThrowError(
      /AUDIT_RETENTION_DAYS must be at least 180 days.*"90".*AUDIT_RETENTION_DAYS=365/,
    );
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: 'half a year' })).toThrowError(
      /AUDIT_RETENTION_DAYS must be a whole number of days/,
    );
  });
});
