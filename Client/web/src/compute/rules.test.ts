import { describe, expect, it } from 'vitest';
import {
  availableActions,
  dnsLabelProblem,
  envNameProblem,
  ingressNameProblem,
  parseCpus,
  parseMemorySize,
  parsePort,
  pathPrefixProblem,
  refreshInterval,
} from './rules';

describe('compute rules', () => {
  it('accepts DNS labels only', () => {
    expect(dnsLabelProblem('web-1')).toBeNull();
    expect(dnsLabelProblem('a'.repeat(63))).toBeNull();
    expect(dnsLabelProblem('')).toMatch(/Enter a name/);
    expect(dnsLabelProblem('a'.repeat(64))).toMatch(/too long/);
    expect(dnsLabelProblem('Web')).toMatch(/lowercase/);
    expect(dnsLabelProblem('my_app')).toMatch(/lowercase/);
    expect(dnsLabelProblem('-web')).toMatch(/start or end/);
    expect(dnsLabelProblem('web-')).toMatch(/start or end/);
  });

  it('refuses reserved ingress names and prefixes without a slash', () => {
    expect(ingressNameProblem('blog')).toBeNull();
    expect(ingressNameProblem('api')).toMatch(/reserved/);
    expect(pathPrefixProblem('')).toBeNull();
    expect(pathPrefixProblem('/app')).toBeNull();
    expect(pathPrefixProblem('app')).toMatch(/starts with/);
  });

  it('checks environment variable names', () => {
    expect(envNameProblem('_PATH2')).toBeNull();
    expect(envNameProblem('2FA')).not.toBeNull();
    expect(envNameProblem('MY-VAR')).not.toBeNull();
    expect(envNameProblem('')).not.toBeNull();
  });

  it('parses sizes, cores and ports', () => {
    expect(parseMemorySize('512M')).toBe(512 * 2 ** 20);
    expect(parseMemorySize('1.5g')).toBe(1.5 * 2 ** 30);
    expect(parseMemorySize('512 MiB')).toBe(512 * 2 ** 20);
    expect(parseMemorySize('500 MB')).toBe(500e6);
    expect(parseMemorySize('lots')).toBeNull();
    expect(parseCpus('0.5')).toBe(0.5);
    expect(parseCpus('0')).toBeNull();
    expect(parseCpus('-1')).toBeNull();
    expect(parsePort('8080')).toBe(8080);
    expect(parsePort('0')).toBeNull();
    expect(parsePort('65536')).toBeNull();
    expect(parsePort('80a')).toBeNull();
  });

  it('polls fast only while a status is transitional', () => {
    expect(refreshInterval(['running', 'creating'])).toBe(2000);
    expect(refreshInterval(['running', 'stopped'])).toBeGreaterThan(2000);
    expect(refreshInterval([])).toBeGreaterThan(2000);
  });

  it('enables the actions that fit the state', () => {
    expect(availableActions({ status: 'running', desiredState: 'running' })).toEqual({ start: false, stop: true, restart: true });
    expect(availableActions({ status: 'stopped', desiredState: 'stopped' })).toEqual({ start: true, stop: false, restart: false });
    expect(availableActions({ status: 'exited', desiredState: 'running' })).toEqual({ start: true, stop: true, restart: true });
    expect(availableActions({ status: 'stopping', desiredState: 'stopped' })).toEqual({ start: true, stop: false, restart: false });
    expect(availableActions({ status: 'deleting', desiredState: 'running' })).toEqual({ start: false, stop: false, restart: false });
  });
});
