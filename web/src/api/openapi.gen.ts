// Generated from the platform's /api/openapi.json by `npm run api:types -w web`. Do not edit.

export interface components {
  schemas: {
    Alarm: {
      id: string;
      ruleId: string;
      deviceId: string;
      severity: 'info' | 'warning' | 'critical';
      status: 'active' | 'cleared';
      value: number;
      lastValue: number;
      raisedAt: string;
      clearedAt: string | null;
    };
    AlarmRule: {
      id: string;
      profileId: string;
      name: string;
      field: string;
      operator: '>' | '>=' | '<' | '<=' | '=' | '!=';
      threshold: number;
      severity: 'info' | 'warning' | 'critical';
      enabled: boolean;
    };
    AppInstallation: {
      id: string;
      appId: string;
      version: string;
      name: {
        zh: string;
        en: string;
      };
      status: 'enabled' | 'disabled' | 'suspended' | 'uninstalled';
      approvedScopes: Array<string>;
      settings: components['schemas']['AppSettings'];
      installedAt: string;
      uninstalledAt: string | null;
    };
    AppLauncher: {
      appOrigin: string;
      items: Array<components['schemas']['LauncherApp']>;
    };
    AppSettings: {
      [key: string]: unknown;
    };
    Audience: Array<components['schemas']['AudiencePart']>;
    AudiencePart: {
      kind: 'people';
      personIds: Array<string>;
    } | {
      kind: 'unit';
      orgUnitId: string;
      roles: Array<'student' | 'teacher' | 'head_teacher' | 'staff' | 'parent' | 'admin'>;
      includeDescendants?: boolean;
    } | {
      kind: 'school';
      roles: Array<'student' | 'teacher' | 'head_teacher' | 'staff' | 'parent' | 'admin'>;
    } | {
      kind: 'headTeacherOf';
      studentId: string;
    } | {
      kind: 'schools';
      roles: Array<'student' | 'teacher' | 'head_teacher' | 'staff' | 'parent' | 'admin'>;
      schoolIds?: Array<string>;
    };
    AudiencePreview: {
      total: number;
      byRole: {
        [key: string]: number;
      };
      excluded: number;
    };
    AuditEntry: {
      seq: number;
      at: string;
      actorPersonId: string | null;
      action: string;
      targetType: string | null;
      targetId: string | null;
      result: 'success' | 'failure' | 'denied';
      ip: string | null;
      userAgent: string | null;
      details: {
        [key: string]: unknown;
      };
      hash: string;
    };
    Branding: {
      displayName?: string;
      logoUrl?: string;
      themeColor?: string;
      loginBackgroundUrl?: string;
      motto?: string;
    };
    BureauSchoolAdoption: {
      tenantId: string;
      code: string;
      name: string;
      appsEnabled: number;
      devicesTotal: number;
      devicesOnline: number;
      devicesOffline: number;
      alarmsActive: number;
    };
    CasService: {
      id: string;
      name: string;
      serviceUrl: string;
      attributes: Array<string>;
      status: 'active' | 'disabled';
      createdAt: string;
    };
    ComposeMessage: {
      category?: 'notice' | 'todo' | 'alert' | 'approval';
      priority?: 'low' | 'normal' | 'high' | 'urgent';
      audience: components['schemas']['Audience'];
      title?: string;
      body?: string;
      en?: {
        title: string;
        body: string;
      };
      template?: {
        key: string;
        variables: {
          [key: string]: string | number;
        };
      };
      deepLink?: string | null;
      channels?: Array<'email' | 'sms'>;
      receipts?: boolean;
      idempotencyKey?: string;
    };
    DeadLetter: {
      id: string;
      messageId: string;
      channel: 'email' | 'sms' | 'webhook' | 'wecom';
      address: string;
      attempts: number;
      lastError: string | null;
      createdAt: string;
    };
    Device: {
      id: string;
      profileId: string;
      name: string;
      serial: string | null;
      groupId: string | null;
      orgUnitId: string | null;
      location: string | null;
      status: 'active' | 'disabled';
      online: boolean;
      lastSeenAt: string | null;
      state: {
        [key: string]: unknown;
      } | null;
      stateAt: string | null;
    };
    DeviceCommand: {
      id: string;
      deviceId: string;
      name: string;
      params: {
        [key: string]: unknown;
      };
      status: 'pending' | 'sent' | 'acknowledged' | 'done' | 'failed' | 'expired';
      timeoutAt: string;
      result?: unknown;
      error: string | null;
      sentAt: string | null;
      acknowledgedAt: string | null;
      finishedAt: string | null;
    };
    DeviceCredentials: {
      device: components['schemas']['Device'];
      mqtt: {
        username: string;
        password: string;
        topicPrefix: string;
      };
    };
    DeviceGroup: {
      id: string;
      name: string;
      description: string | null;
    };
    DeviceInput: {
      name: string;
      profileId: string;
      serial?: string | null;
      groupId?: string | null;
      orgUnitId?: string | null;
      location?: string | null;
    };
    DevicePatch: {
      name?: string;
      profileId?: string;
      serial?: string | null;
      groupId?: string | null;
      orgUnitId?: string | null;
      location?: string | null;
      status?: 'active' | 'disabled';
    };
    DeviceProfile: {
      id: string;
      key: string;
      name: string;
      telemetrySchema: {
        [key: string]: unknown;
      };
      eventSchema: {
        [key: string]: unknown;
      };
      stateSchema: {
        [key: string]: unknown;
      };
      heartbeatSeconds: number;
    };
    DeviceProfileInput: {
      key: string;
      name: string;
      telemetrySchema?: {
        [key: string]: unknown;
      };
      eventSchema?: {
        [key: string]: unknown;
      };
      stateSchema?: {
        [key: string]: unknown;
      };
      heartbeatSeconds?: number;
    };
    EmqxHookResult: {
      result: 'allow' | 'deny';
      is_superuser?: boolean;
    };
    Error: {
      error: {
        code: string;
        message: string;
        details?: unknown;
      };
    };
    Health: {
      status: 'ok';
    };
    ImportJob: {
      id: string;
      kind: 'students' | 'staff';
      format: 'xlsx' | 'csv';
      fileName: string;
      status: 'uploaded' | 'validating' | 'validated' | 'importing' | 'done' | 'failed';
      mode: 'all' | 'valid_only' | null;
      processed: number;
      total: number;
      report: components['schemas']['ImportReport'];
      error: string | null;
      createdAt: string;
    };
    ImportReport: {
      totalRows: number;
      validRows: number;
      errorRows: number;
      created: number;
      updated: number;
      unchanged: number;
      errorLines: Array<number>;
      issues: Array<{
        line: number;
        column: string;
        value: string;
        severity: 'error' | 'warning';
        code: string;
        message: {
          zh: string;
          en: string;
        };
      }>;
      issuesTruncated: boolean;
    } | null;
    InboxEntry: components['schemas']['InboxItem'] & {
      text: string;
      html: string;
    };
    InboxItem: {
      id: string;
      messageId: string;
      tenantId: string;
      category: 'notice' | 'todo' | 'alert' | 'approval';
      priority: 'low' | 'normal' | 'high' | 'urgent';
      title: string;
      summary: string;
      deepLink: string | null;
      sender: {
        kind: 'platform' | 'person' | 'app';
        name: string;
      };
      createdAt: string;
      readAt: string | null;
      archivedAt: string | null;
      receipts: boolean;
    };
    LauncherApp: {
      installationId: string;
      appId: string;
      version: string;
      name: {
        zh: string;
        en: string;
      };
      icon: string | null;
      approvedScopes: Array<string>;
      pages: Array<{
        id: string;
        entry: string;
        title: {
          zh: string;
          en: string;
        };
        menu: {
          title: {
            zh: string;
            en: string;
          };
          icon: string | null;
          order: number;
          audience: 'user' | 'admin';
        } | null;
      }>;
    };
    LoginResult: {
      status: 'ok' | 'mfa_required';
      activeTenantId: string | null;
      passwordExpired: boolean;
    };
    MarketAppRecord: {
      appId: string;
      name: {
        zh: string;
        en: string;
      };
      vendor: string;
      status: 'draft' | 'listed' | 'delisted';
      suspended: boolean;
      versions: number;
      pending: number;
      suspendedVersions: number;
    };
    MarketAppVersions: {
      appId: string;
      name: {
        zh: string;
        en: string;
      };
      vendor: {
        id: string;
        name: string;
      };
      status: 'draft' | 'listed' | 'delisted';
      suspended: boolean;
      suspendReason: string | null;
      latestVersionId: string | null;
      versions: Array<components['schemas']['MarketVersionRecord']>;
      log: Array<{
        versionId: string | null;
        action: string;
        comment: string | null;
        at: string;
      }>;
    };
    MarketPublishResult: {
      versionId: string | null;
      appId: string;
      version: string;
      status: 'failed' | 'pending_review' | 'approved' | 'rejected';
      risk: string;
      autoApproved: boolean;
      checks: Array<{
        key: string;
        ok: boolean;
        zh: string;
        en: string;
        details?: unknown;
      }>;
    };
    MarketReceivedPick: {
      pickId: string;
      appId: string;
      bureau: string;
      mode: 'recommend' | 'deploy';
      label: string;
      mandatory: boolean;
      note: string | null;
      installationId: string | null;
      at: string;
    };
    MarketReviewPolicy: {
      autoApproveUpdates: boolean;
      updatedAt: string | null;
    };
    MarketSentPick: {
      id: string;
      appId: string;
      mode: 'recommend' | 'deploy';
      mandatory: boolean;
      note: string | null;
      approvedScopes: Array<string>;
      at: string;
    };
    MarketVersionRecord: {
      id: string;
      version: string;
      state: 'pending' | 'approved' | 'rejected' | 'suspended' | 'failed';
      status: 'failed' | 'pending_review' | 'approved' | 'rejected';
      suspended: boolean;
      risk: 'low' | 'medium' | 'high';
      scopes: Array<string>;
      changelog: string;
      submittedAt: string;
      reviewedAt: string | null;
      reviewComment: string | null;
      autoApproved: boolean;
      installations: number;
    };
    Me: {
      person: {
        id: string;
        displayName: string;
        phone: string | null;
        email: string | null;
        username: string | null;
        nationalIdMasked: string | null;
        locale: 'zh-CN' | 'en';
      };
      activeTenant: {
        id: string;
        name: string;
        kind: string;
      } | null;
      roles: Array<{
        role: string;
        orgUnitId: string | null;
      }>;
      permissions: Array<string>;
      mfa: {
        enrolled: boolean;
        verified: boolean;
        requiredButMissing: boolean;
      };
      passwordChangeRequired: boolean;
      tenants: Array<{
        tenantId: string;
        code: string;
        name: string;
        kind: string;
        roles: Array<string>;
        memberships: Array<{
          role: string;
          orgUnitId: string | null;
          orgUnitName: string | null;
          number: string | null;
        }>;
      }>;
      children: Array<{
        personId: string;
        displayName: string;
        tenantId: string;
        relation: string;
      }>;
    };
    Member: {
      membershipId: string;
      personId: string;
      displayName: string;
      phone: string | null;
      email: string | null;
      username: string | null;
      nationalIdMasked: string | null;
      personStatus: 'active' | 'disabled';
      role: string;
      number: string | null;
      status: 'active' | 'inactive';
      orgUnitId: string | null;
      orgUnitName: string | null;
    };
    MessagePreferences: {
      channels: {
        notice?: {
          email?: boolean;
          sms?: boolean;
        };
        todo?: {
          email?: boolean;
          sms?: boolean;
        };
        alert?: {
          email?: boolean;
          sms?: boolean;
        };
        approval?: {
          email?: boolean;
          sms?: boolean;
        };
      };
      quietHours: {
        start: string;
        end: string;
      };
      digestLowPriority: boolean;
    };
    MessageSender: {
      emailName: string | null;
    };
    MessageTemplate: {
      key: string;
      builtIn: boolean;
      customised: boolean;
      variables: Array<string>;
      locales: {
        'zh-CN'?: {
          title: string;
          text: string;
          html?: string | null;
        };
        en?: {
          title: string;
          text: string;
          html?: string | null;
        };
      };
    };
    MessageWebhook: {
      id: string;
      name: string;
      url: string;
      categories: Array<'notice' | 'todo' | 'alert' | 'approval'>;
      active: boolean;
      createdAt: string;
      secretRotatedAt: string | null;
      previousSecretValidUntil: string | null;
    };
    MessageWebhookWithSecret: components['schemas']['MessageWebhook'] & {
      secret: string;
    };
    MyWorkbenchDefault: {
      role: string | null;
      layout: components['schemas']['WorkbenchLayout'];
    };
    OidcClient: {
      clientId: string;
      name: string;
      confidential: boolean;
      redirectUris: Array<string>;
      postLogoutRedirectUris: Array<string>;
      scopes: Array<string>;
      skipConsent: boolean;
      status: 'active' | 'disabled';
      createdAt: string;
    };
    OidcClientWithSecret: components['schemas']['OidcClient'] & {
      clientSecret: string | null;
    };
    Ok: {
      ok: true;
    };
    OrgUnit: {
      id: string;
      parentId: string | null;
      kind: 'campus' | 'department' | 'grade' | 'class' | 'teaching_research_group';
      name: string;
      code: string | null;
      path: string;
      sort: number;
      archivedAt: string | null;
    };
    PasswordOptions: {
      currentPasswordRequired: boolean;
      withoutCurrentUntil: string | null;
    };
    PasswordReset: {
      temporaryPassword: string;
      sessionsEnded: number;
    };
    PasswordResetGrant: {
      ticket: string;
      expiresAt: string;
      channel: 'sms' | 'email';
      accountHint: string;
      totpRequired: boolean;
      passwordPolicy: {
        minLength: number;
        minCharClasses: number;
      };
    };
    PasswordResetRequested: {
      accepted: true;
      resendAfterSeconds: number;
    };
    PersonEdit: {
      displayName?: string;
      phone?: string | null;
      email?: string | null;
      username?: string | null;
      nationalId?: string | null;
      number?: {
        role: 'student' | 'teacher' | 'staff' | 'parent';
        value: string | null;
      };
    };
    ProfileEdit: {
      displayName?: string;
      locale?: 'zh-CN' | 'en';
    };
    ProfileSaved: {
      displayName: string;
      locale: 'zh-CN' | 'en';
    };
    PublicTenant: {
      id: string;
      code: string;
      name: string;
      kind: 'platform' | 'province' | 'city' | 'county' | 'school';
      branding: components['schemas']['Branding'];
    };
    Readiness: {
      status: 'ok' | 'unavailable';
      checks: {
        [key: string]: {
          ok: boolean;
          ms: number;
          error?: string;
        };
      };
    };
    Receipts: {
      messageId: string;
      total: number;
      readCount: number;
      unreadCount: number;
      read: Array<{
        personId: string;
        name: string;
        children: Array<string>;
        readAt: string | null;
      }>;
      unread: Array<{
        personId: string;
        name: string;
        children: Array<string>;
        readAt: string | null;
      }>;
    };
    Role: {
      key: string;
      name: string;
      builtIn: boolean;
      permissions: Array<string>;
    };
    RoleGrant: {
      id: string;
      personId: string;
      role: string;
      orgUnitId: string | null;
      grantedBy: string | null;
      createdAt: string;
    };
    SecurityPolicy: {
      requireMfaForAdmins?: boolean;
      password?: {
        minLength?: number;
        minCharClasses?: number;
        maxAgeDays?: number;
      };
      lockout?: {
        maxFailures?: number;
        lockMinutes?: number;
      };
    };
    SendResult: {
      messageId: string;
      recipientCount: number;
      duplicate: boolean;
    };
    SentMessage: {
      id: string;
      category: 'notice' | 'todo' | 'alert' | 'approval';
      priority: 'low' | 'normal' | 'high' | 'urgent';
      title: string;
      recipientCount: number;
      readCount: number;
      receipts: boolean;
      createdAt: string;
    };
    Session: {
      id: string;
      current: boolean;
      activeTenantId: string | null;
      ip: string | null;
      userAgent: string | null;
      createdAt: string;
      lastSeenAt: string;
      idleExpiresAt: string;
      absoluteExpiresAt: string;
    };
    SmsSent: {
      accepted: true;
      resendAfterSeconds: number;
    };
    UnreadCount: {
      total: number;
      byCategory: {
        [key: string]: number;
      };
    };
    WecomRobot: {
      id: string;
      name: string;
      keyHint: string;
      categories: Array<'notice' | 'todo' | 'alert' | 'approval'>;
      orgUnitIds: Array<string>;
      active: boolean;
      createdAt: string;
      keyRotatedAt: string | null;
    };
    WorkbenchDefaults: {
      defaults: {
        [key: string]: components['schemas']['WorkbenchLayout'];
      };
    };
    WorkbenchLayout: {
      order: Array<string>;
      hidden: Array<string>;
      links?: Array<{
        title: string;
        url: string;
      }>;
    } | null;
  };
}

export interface paths {
  '/api/v1/apps/installations': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['AppInstallation']>;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/apps/installations/{id}': {
    delete: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': {
          purgeAfter: string;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/apps/installations/{id}/{action}': {
    post: {
      path: {
        id: string;
        action: 'enable' | 'disable';
      };
      query?: never;
      body: never;
      responses: {
        '204': void;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/apps/installations/{id}/export': {
    get: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': {
          appId: string;
          version: string;
          exportedAt: string;
          collections: {
            [key: string]: Array<unknown>;
          };
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/apps/installations/{id}/settings': {
    put: {
      path: {
        id: string;
      };
      query?: never;
      body: {
        settings: components['schemas']['AppSettings'];
      };
      responses: {
        '200': {
          settings: components['schemas']['AppSettings'];
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/apps/launcher': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['AppLauncher'];
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/audit': {
    get: {
      path: never;
      query?: {
        actorPersonId?: string;
        action?: string;
        targetId?: string;
        result?: 'success' | 'failure' | 'denied';
        from?: string;
        to?: string;
        beforeSeq?: number;
        limit?: number;
      };
      body: never;
      responses: {
        '200': {
          entries: Array<components['schemas']['AuditEntry']>;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/audit/verify': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          ok: boolean;
          checked: number;
          firstSeq: number | null;
          lastSeq: number | null;
          brokenAt: {
            seq: number;
            reason: 'hash' | 'link' | 'gap';
          } | null;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/auth/login': {
    post: {
      path: never;
      query?: never;
      body: {
        login: string;
        password: string;
      };
      responses: {
        '200': components['schemas']['LoginResult'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/auth/logout': {
    post: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Ok'];
      };
    };
  };
  '/api/v1/auth/mfa/verify': {
    post: {
      path: never;
      query?: never;
      body: {
        code: string;
      } | {
        recoveryCode: string;
      };
      responses: {
        '200': components['schemas']['LoginResult'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/auth/password-reset/complete': {
    post: {
      path: never;
      query?: never;
      body: {
        ticket: string;
        newPassword: string;
        totpCode?: string;
        recoveryCode?: string;
      };
      responses: {
        '200': {
          ok: true;
          sessionsEnded: number;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/auth/password-reset/email': {
    post: {
      path: never;
      query?: never;
      body: {
        email: string;
      };
      responses: {
        '202': components['schemas']['PasswordResetRequested'];
        '400': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/auth/password-reset/sms': {
    post: {
      path: never;
      query?: never;
      body: {
        phone: string;
      };
      responses: {
        '202': components['schemas']['PasswordResetRequested'];
        '400': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/auth/password-reset/verify': {
    post: {
      path: never;
      query?: never;
      body: {
        phone: string;
        code: string;
      } | {
        token: string;
      };
      responses: {
        '200': components['schemas']['PasswordResetGrant'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/auth/sms/login': {
    post: {
      path: never;
      query?: never;
      body: {
        phone: string;
        code: string;
      };
      responses: {
        '200': components['schemas']['LoginResult'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/auth/sms/send': {
    post: {
      path: never;
      query?: never;
      body: {
        phone: string;
      };
      responses: {
        '202': components['schemas']['SmsSent'];
        '400': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/bureau/adoption': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          schools: Array<components['schemas']['BureauSchoolAdoption']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/bureau/aggregates': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          schools: Array<{
            tenantId: string;
            code: string;
            name: string;
            students: number;
            teachers: number;
            classes: number;
          }>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/guardianships': {
    post: {
      path: never;
      query?: never;
      body: {
        studentPersonId: string;
        guardianPersonId: string;
        relation?: 'father' | 'mother' | 'grandparent' | 'guardian' | 'other';
      };
      responses: {
        '201': {
          id: string;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/inbox': {
    get: {
      path: never;
      query?: {
        category?: 'notice' | 'todo' | 'alert' | 'approval';
        status?: 'all' | 'unread' | 'archived';
        before?: number;
        limit?: number;
      };
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['InboxItem']>;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/inbox/{action}': {
    post: {
      path: {
        action: 'read' | 'unread' | 'archive' | 'unarchive';
      };
      query?: never;
      body: {
        ids: Array<string>;
      } | {
        all: true;
        category?: 'notice' | 'todo' | 'alert' | 'approval';
      };
      responses: {
        '200': {
          changed: number;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/inbox/{id}': {
    get: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['InboxEntry'];
        '401': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/inbox/stream': {
    get: {
      path: never;
      query?: {
        lastEventId?: string;
      };
      body: never;
      responses: {
        '200': string;
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/inbox/unread-count': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['UnreadCount'];
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/alarm-rules': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': Array<components['schemas']['AlarmRule']>;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '503': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: {
        profileId: string;
        name: string;
        field: string;
        operator: '>' | '>=' | '<' | '<=' | '=' | '!=';
        threshold: number;
        severity: 'info' | 'warning' | 'critical';
        enabled?: boolean;
      };
      responses: {
        '201': components['schemas']['AlarmRule'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '503': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/alarm-rules/{id}': {
    delete: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '204': void;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '503': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/alarms': {
    get: {
      path: never;
      query?: {
        status?: 'active' | 'cleared';
      };
      body: never;
      responses: {
        '200': Array<components['schemas']['Alarm']>;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '503': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/commands/{id}': {
    get: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['DeviceCommand'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '503': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/dead-letters': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': Array<{
          id: string;
          deviceId: string | null;
          topic: string;
          reason: string;
          payloadBase64: string;
          receivedAt: string;
        }>;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '503': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/devices': {
    get: {
      path: never;
      query?: {
        groupId?: string;
        profileId?: string;
        orgUnitId?: string;
      };
      body: never;
      responses: {
        '200': Array<components['schemas']['Device']>;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: components['schemas']['DeviceInput'];
      responses: {
        '201': components['schemas']['DeviceCredentials'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/devices/{id}': {
    get: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Device'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
    patch: {
      path: {
        id: string;
      };
      query?: never;
      body: components['schemas']['DevicePatch'];
      responses: {
        '200': components['schemas']['Device'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
    delete: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '204': void;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/devices/{id}/commands': {
    post: {
      path: {
        id: string;
      };
      query?: never;
      body: {
        name: string;
        params?: {
          [key: string]: unknown;
        };
        timeoutSeconds?: number;
      };
      responses: {
        '202': components['schemas']['DeviceCommand'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '503': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/devices/{id}/rotate-secret': {
    post: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['DeviceCredentials'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/devices/{id}/telemetry': {
    get: {
      path: {
        id: string;
      };
      query?: {
        limit?: number;
      };
      body: never;
      responses: {
        '200': Array<{
          ts: string;
          receivedAt: string;
          data: {
            [key: string]: unknown;
          };
        }>;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '503': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/devices/import': {
    post: {
      path: never;
      query?: never;
      body: string;
      responses: {
        '201': Array<components['schemas']['DeviceCredentials']>;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/emqx/acl': {
    post: {
      path: never;
      query?: never;
      body: {
        clientid?: string;
        username?: string;
        topic: string;
        action: 'publish' | 'subscribe';
      };
      responses: {
        '200': components['schemas']['EmqxHookResult'];
      };
    };
  };
  '/api/v1/iot/emqx/auth': {
    post: {
      path: never;
      query?: never;
      body: {
        clientid?: string;
        username?: string;
        password?: string;
      };
      responses: {
        '200': components['schemas']['EmqxHookResult'];
      };
    };
  };
  '/api/v1/iot/groups': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': Array<components['schemas']['DeviceGroup']>;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: {
        name: string;
        description?: string | null;
      };
      responses: {
        '201': components['schemas']['DeviceGroup'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/profiles': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': Array<components['schemas']['DeviceProfile']>;
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: components['schemas']['DeviceProfileInput'];
      responses: {
        '201': components['schemas']['DeviceProfile'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/iot/profiles/{id}': {
    put: {
      path: {
        id: string;
      };
      query?: never;
      body: components['schemas']['DeviceProfileInput'];
      responses: {
        '200': components['schemas']['DeviceProfile'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/marketplace/apps': {
    get: {
      path: never;
      query?: {
        q?: string;
        category?: 'teaching' | 'management' | 'evaluation' | 'life' | 'devices';
        risk?: 'low' | 'medium' | 'high';
        sort?: 'relevance' | 'installs' | 'rating' | 'newest';
        limit?: number;
        offset?: number | null;
      };
      body: never;
      responses: {
        '200': {
          items: Array<unknown>;
          total: number;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/apps/{appId}': {
    get: {
      path: {
        appId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': unknown;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/apps/{appId}/consent': {
    get: {
      path: {
        appId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': unknown;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/apps/{appId}/listing': {
    put: {
      path: {
        appId: string;
      };
      query?: never;
      body: {
        category?: 'teaching' | 'management' | 'evaluation' | 'life' | 'devices';
        summary?: string;
        descriptionMd?: string;
        screenshots?: Array<string>;
        tags?: Array<string>;
      };
      responses: {
        '204': void;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/apps/{appId}/reviews': {
    post: {
      path: {
        appId: string;
      };
      query?: never;
      body: {
        rating: number;
        body?: string;
      };
      responses: {
        '204': void;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/apps/{appId}/stats': {
    get: {
      path: {
        appId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': unknown;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/apps/{appId}/versions': {
    get: {
      path: {
        appId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['MarketAppVersions'];
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/bureau/picks': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['MarketSentPick']>;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
    post: {
      path: never;
      query?: never;
      body: {
        appId: string;
        mode: 'recommend' | 'deploy';
        mandatory?: boolean;
        note?: string;
        approvedScopes?: Array<string>;
        consent?: boolean;
      };
      responses: {
        '201': {
          pickId: string;
          schools: number;
          installed: number;
          failed: number;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/bureau/picks/{id}': {
    delete: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '204': void;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/categories': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': unknown;
      };
    };
  };
  '/api/v1/marketplace/installs': {
    post: {
      path: never;
      query?: never;
      body: {
        appId: string;
        approvedScopes: Array<string>;
        settings?: {
          [key: string]: unknown;
        };
        consent: boolean;
        version?: string;
      };
      responses: {
        '201': {
          installationId: string;
          version: string;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/installs/{id}': {
    delete: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': {
          purgeAfter: string;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/installs/{id}/rollback': {
    post: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': unknown;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/installs/{id}/upgrade': {
    get: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': unknown;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
    post: {
      path: {
        id: string;
      };
      query?: never;
      body: {
        consent: boolean;
        approvedScopes?: Array<string>;
      };
      responses: {
        '200': unknown;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/picks': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['MarketReceivedPick']>;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/review/apps': {
    get: {
      path: never;
      query?: {
        q?: string;
        limit?: number;
      };
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['MarketAppRecord']>;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/review/apps/{appId}/delisting': {
    post: {
      path: {
        appId: string;
      };
      query?: never;
      body: {
        on?: boolean;
        reason: string;
      };
      responses: {
        '204': void;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/review/apps/{appId}/suspension': {
    post: {
      path: {
        appId: string;
      };
      query?: never;
      body: {
        on?: boolean;
        reason: string;
      };
      responses: {
        '200': {
          affectedInstallations: number;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/review/policy': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['MarketReviewPolicy'];
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
    put: {
      path: never;
      query?: never;
      body: {
        autoApproveUpdates: boolean;
      };
      responses: {
        '204': void;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/review/queue': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<unknown>;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/review/versions/{id}/decision': {
    post: {
      path: {
        id: string;
      };
      query?: never;
      body: {
        decision: 'approve' | 'reject';
        comment: string;
      };
      responses: {
        '204': void;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/review/versions/{id}/suspension': {
    post: {
      path: {
        id: string;
      };
      query?: never;
      body: {
        on?: boolean;
        reason: string;
      };
      responses: {
        '200': {
          affectedInstallations: number;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/vendors': {
    post: {
      path: never;
      query?: never;
      body: {
        name: string;
        contactEmail?: string;
        website?: string;
      };
      responses: {
        '201': {
          id: string;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/vendors/{vendorId}/apps': {
    get: {
      path: {
        vendorId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<unknown>;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/vendors/{vendorId}/keys': {
    get: {
      path: {
        vendorId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<unknown>;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
    post: {
      path: {
        vendorId: string;
      };
      query?: never;
      body: {
        publicKey: string;
        label?: string;
        rotate?: boolean;
      };
      responses: {
        '201': {
          id: string;
          keyId: string;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/vendors/{vendorId}/keys/{keyId}/revoke': {
    post: {
      path: {
        vendorId: string;
        keyId: string;
      };
      query?: never;
      body: {
        reason: string;
      };
      responses: {
        '204': void;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/vendors/{vendorId}/members': {
    post: {
      path: {
        vendorId: string;
      };
      query?: never;
      body: {
        personId: string;
        role?: 'owner' | 'developer';
      };
      responses: {
        '204': void;
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/marketplace/vendors/{vendorId}/packages': {
    post: {
      path: {
        vendorId: string;
      };
      query?: never;
      body: {
        package: string;
        changelog?: string;
        category?: 'teaching' | 'management' | 'evaluation' | 'life' | 'devices';
      };
      responses: {
        '201': components['schemas']['MarketPublishResult'];
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '413': unknown;
        '422': components['schemas']['MarketPublishResult'];
      };
    };
  };
  '/api/v1/marketplace/vendors/mine': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<unknown>;
        };
        '400': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '401': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '403': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '404': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
        '409': {
          error: {
            code: string;
            message: string;
            details?: unknown;
          };
        };
      };
    };
  };
  '/api/v1/me': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Me'];
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/me/active-tenant': {
    post: {
      path: never;
      query?: never;
      body: {
        tenantId: string;
      };
      responses: {
        '200': {
          activeTenantId: string;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/me/mfa/totp': {
    post: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          uri: string;
          manualKey: string;
        };
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/me/mfa/totp/confirm': {
    post: {
      path: never;
      query?: never;
      body: {
        code: string;
      };
      responses: {
        '200': {
          recoveryCodes: Array<string>;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/me/password': {
    post: {
      path: never;
      query?: never;
      body: {
        currentPassword?: string;
        newPassword: string;
      };
      responses: {
        '200': components['schemas']['Ok'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/me/password/options': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['PasswordOptions'];
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/me/profile': {
    patch: {
      path: never;
      query?: never;
      body: components['schemas']['ProfileEdit'];
      responses: {
        '200': components['schemas']['ProfileSaved'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/me/sessions': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          sessions: Array<components['schemas']['Session']>;
        };
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/me/sessions/{sessionId}': {
    delete: {
      path: {
        sessionId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Ok'];
        '401': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages': {
    post: {
      path: never;
      query?: never;
      body: components['schemas']['ComposeMessage'];
      responses: {
        '201': components['schemas']['SendResult'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/{messageId}/receipts': {
    get: {
      path: {
        messageId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Receipts'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/{messageId}/remind': {
    post: {
      path: {
        messageId: string;
      };
      query?: never;
      body?: {
        channels?: Array<'email' | 'sms'>;
      };
      responses: {
        '201': components['schemas']['SendResult'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/audience/preview': {
    post: {
      path: never;
      query?: never;
      body: {
        audience: components['schemas']['Audience'];
      };
      responses: {
        '200': components['schemas']['AudiencePreview'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/dead-letters': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['DeadLetter']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/dead-letters/retry': {
    post: {
      path: never;
      query?: never;
      body: {
        ids: Array<string>;
      };
      responses: {
        '200': {
          retried: number;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/preferences': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['MessagePreferences'];
        '401': components['schemas']['Error'];
      };
    };
    put: {
      path: never;
      query?: never;
      body: components['schemas']['MessagePreferences'];
      responses: {
        '200': components['schemas']['MessagePreferences'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/sender': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['MessageSender'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
    put: {
      path: never;
      query?: never;
      body: components['schemas']['MessageSender'];
      responses: {
        '200': components['schemas']['MessageSender'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/sent': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['SentMessage']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/templates': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['MessageTemplate']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/templates/{key}': {
    put: {
      path: {
        key: string;
      };
      query?: never;
      body: {
        'zh-CN': {
          title: string;
          text: string;
          html?: string | null;
        };
        en?: {
          title: string;
          text: string;
          html?: string | null;
        };
      };
      responses: {
        '200': {
          ok: true;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/templates/{key}/preview': {
    post: {
      path: {
        key: string;
      };
      query?: never;
      body: {
        variables: {
          [key: string]: string | number;
        };
      };
      responses: {
        '200': {
          [key: string]: {
            title: string;
            text: string;
            html: string;
          };
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/webhooks': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['MessageWebhook']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: {
        name: string;
        url: string;
        categories?: Array<'notice' | 'todo' | 'alert' | 'approval'>;
      };
      responses: {
        '201': components['schemas']['MessageWebhookWithSecret'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/webhooks/{id}': {
    delete: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': {
          ok: true;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/webhooks/{id}/rotate-secret': {
    post: {
      path: {
        id: string;
      };
      query?: never;
      body: {
        graceMinutes?: number;
      };
      responses: {
        '200': components['schemas']['MessageWebhookWithSecret'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/wecom-robots': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['WecomRobot']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: {
        name: string;
        url: string;
        categories?: Array<'notice' | 'todo' | 'alert' | 'approval'>;
        orgUnitIds?: Array<string>;
      };
      responses: {
        '201': components['schemas']['WecomRobot'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/messages/wecom-robots/{id}': {
    patch: {
      path: {
        id: string;
      };
      query?: never;
      body: {
        name?: string;
        url?: string;
        categories?: Array<'notice' | 'todo' | 'alert' | 'approval'>;
        orgUnitIds?: Array<string>;
        active?: boolean;
      };
      responses: {
        '200': components['schemas']['WecomRobot'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
    delete: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': {
          ok: true;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/org/units': {
    get: {
      path: never;
      query?: {
        includeArchived?: 'true' | 'false';
      };
      body: never;
      responses: {
        '200': {
          units: Array<components['schemas']['OrgUnit']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: {
        parentId?: string | null;
        kind: 'campus' | 'department' | 'grade' | 'class' | 'teaching_research_group';
        name: string;
        code?: string | null;
        sort?: number;
      };
      responses: {
        '201': components['schemas']['OrgUnit'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/org/units/{unitId}': {
    patch: {
      path: {
        unitId: string;
      };
      query?: never;
      body: {
        name?: string;
        code?: string | null;
        sort?: number;
        parentId?: string | null;
      };
      responses: {
        '200': components['schemas']['OrgUnit'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/org/units/{unitId}/archive': {
    post: {
      path: {
        unitId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['OrgUnit'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/people': {
    get: {
      path: never;
      query?: {
        role?: 'student' | 'teacher' | 'staff' | 'parent';
        q?: string;
        limit?: number;
        offset?: number | null;
      };
      body: never;
      responses: {
        '200': {
          people: Array<components['schemas']['Member']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: {
        displayName: string;
        phone?: string;
        email?: string;
        username?: string;
        nationalId?: string;
        initialPassword?: string;
        role: 'student' | 'teacher' | 'staff' | 'parent';
        orgUnitId?: string | null;
        number?: string;
      };
      responses: {
        '201': components['schemas']['Member'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/people-import/export': {
    get: {
      path: never;
      query: {
        kind: 'students' | 'staff';
        format?: 'xlsx' | 'csv';
      };
      body: never;
      responses: {
        '200': string;
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/people-import/jobs': {
    post: {
      path: never;
      query?: {
        kind?: 'students' | 'staff';
        fileName?: string;
      };
      body: {
        file?: string;
      };
      responses: {
        '202': components['schemas']['ImportJob'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '413': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/people-import/jobs/{id}': {
    get: {
      path: {
        id: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['ImportJob'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/people-import/jobs/{id}/commit': {
    post: {
      path: {
        id: string;
      };
      query?: never;
      body: {
        mode?: 'all' | 'valid_only';
      };
      responses: {
        '202': components['schemas']['ImportJob'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/people-import/template': {
    get: {
      path: never;
      query: {
        kind: 'students' | 'staff';
        format?: 'xlsx' | 'csv';
      };
      body: never;
      responses: {
        '200': string;
      };
    };
  };
  '/api/v1/people/{personId}': {
    patch: {
      path: {
        personId: string;
      };
      query?: never;
      body: components['schemas']['PersonEdit'];
      responses: {
        '200': {
          ok: true;
          changed: Array<string>;
        };
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/people/{personId}/disable': {
    post: {
      path: {
        personId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Ok'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/people/{personId}/mfa': {
    delete: {
      path: {
        personId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': {
          removed: boolean;
          sessionsEnded: number;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/people/{personId}/password-reset': {
    post: {
      path: {
        personId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['PasswordReset'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '429': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/people/{personId}/sessions': {
    get: {
      path: {
        personId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': {
          sessions: Array<{
            id: string;
            [key: string]: unknown;
          }>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
    delete: {
      path: {
        personId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Ok'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/role-grants': {
    get: {
      path: never;
      query?: {
        personId?: string;
      };
      body: never;
      responses: {
        '200': {
          grants: Array<components['schemas']['RoleGrant']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: {
        personId: string;
        role: string;
        orgUnitId?: string | null;
      };
      responses: {
        '201': components['schemas']['RoleGrant'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/role-grants/{grantId}': {
    delete: {
      path: {
        grantId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Ok'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/roles': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          roles: Array<components['schemas']['Role']>;
          permissions: Array<string>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/roles/custom/{slug}': {
    put: {
      path: {
        slug: string;
      };
      query?: never;
      body: {
        name: string;
        permissions: Array<string>;
      };
      responses: {
        '200': components['schemas']['Role'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/security-policy': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['SecurityPolicy'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
    put: {
      path: never;
      query?: never;
      body: components['schemas']['SecurityPolicy'];
      responses: {
        '200': components['schemas']['SecurityPolicy'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/sso/cas/services': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['CasService']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: {
        name: string;
        serviceUrl: string;
        attributes?: Array<'name' | 'tenant' | 'roles' | 'orgUnits' | 'schoolNumber' | 'phone' | 'email'>;
      };
      responses: {
        '201': components['schemas']['CasService'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '409': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/sso/cas/services/{id}': {
    patch: {
      path: {
        id: string;
      };
      query?: never;
      body: {
        name?: string;
        serviceUrl?: string;
        attributes?: Array<'name' | 'tenant' | 'roles' | 'orgUnits' | 'schoolNumber' | 'phone' | 'email'>;
        status?: 'active' | 'disabled';
      };
      responses: {
        '200': components['schemas']['CasService'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/sso/oidc/clients': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          items: Array<components['schemas']['OidcClient']>;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
    post: {
      path: never;
      query?: never;
      body: {
        name: string;
        redirectUris: Array<string>;
        postLogoutRedirectUris?: Array<string>;
        confidential?: boolean;
        skipConsent?: boolean;
      };
      responses: {
        '201': components['schemas']['OidcClientWithSecret'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/sso/oidc/clients/{clientId}': {
    patch: {
      path: {
        clientId: string;
      };
      query?: never;
      body: {
        name?: string;
        redirectUris?: Array<string>;
        postLogoutRedirectUris?: Array<string>;
        skipConsent?: boolean;
        status?: 'active' | 'disabled';
      };
      responses: {
        '200': components['schemas']['OidcClient'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/sso/oidc/clients/{clientId}/secret': {
    post: {
      path: {
        clientId: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['OidcClientWithSecret'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/sso/oidc/keys/rotate': {
    post: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': {
          kid: string;
        };
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/tenants/{code}/public': {
    get: {
      path: {
        code: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['PublicTenant'];
        '404': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/workbench/default': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['MyWorkbenchDefault'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/api/v1/workbench/defaults': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['WorkbenchDefaults'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
    put: {
      path: never;
      query?: never;
      body: components['schemas']['WorkbenchDefaults'];
      responses: {
        '200': components['schemas']['WorkbenchDefaults'];
        '400': components['schemas']['Error'];
        '401': components['schemas']['Error'];
        '403': components['schemas']['Error'];
      };
    };
  };
  '/apps/{installationId}/api/{path}': {
    get: {
      path: {
        installationId: string;
        path: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': void;
      };
    };
  };
  '/cas/login': {
    get: {
      path: never;
      query?: {
        service?: string;
        renew?: string;
        gateway?: string;
      };
      body: never;
      responses: {
        '200': string;
        '303': void;
        '403': string;
      };
    };
  };
  '/cas/logout': {
    get: {
      path: never;
      query?: {
        service?: string;
        url?: string;
      };
      body: never;
      responses: {
        '200': string;
        '303': void;
      };
    };
  };
  '/cas/p3/serviceValidate': {
    get: {
      path: never;
      query?: {
        service?: string;
        ticket?: string;
        renew?: string;
        format?: 'XML' | 'JSON' | 'xml' | 'json';
      };
      body: never;
      responses: {
        '200': string;
      };
    };
  };
  '/cas/serviceValidate': {
    get: {
      path: never;
      query?: {
        service?: string;
        ticket?: string;
        renew?: string;
        format?: 'XML' | 'JSON' | 'xml' | 'json';
      };
      body: never;
      responses: {
        '200': string;
      };
    };
  };
  '/healthz': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Health'];
      };
    };
  };
  '/oidc/.well-known/openid-configuration': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': unknown;
      };
    };
  };
  '/oidc/auth': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': unknown;
      };
    };
  };
  '/oidc/interaction/{uid}': {
    get: {
      path: {
        uid: string;
      };
      query?: never;
      body: never;
      responses: {
        '200': string;
        '303': void;
        '400': string;
      };
    };
  };
  '/oidc/interaction/{uid}/abort': {
    post: {
      path: {
        uid: string;
      };
      query?: never;
      body: never;
      responses: {
        '303': void;
        '400': string;
      };
    };
  };
  '/oidc/interaction/{uid}/confirm': {
    post: {
      path: {
        uid: string;
      };
      query?: never;
      body: never;
      responses: {
        '303': void;
        '400': string;
      };
    };
  };
  '/oidc/jwks': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': unknown;
      };
    };
  };
  '/oidc/me': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': unknown;
      };
    };
  };
  '/oidc/session/end': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': unknown;
      };
    };
  };
  '/oidc/session/end/confirm': {
    post: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': unknown;
      };
    };
  };
  '/oidc/token': {
    post: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': unknown;
      };
    };
  };
  '/oidc/token/revocation': {
    post: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': unknown;
      };
    };
  };
  '/readyz': {
    get: {
      path: never;
      query?: never;
      body: never;
      responses: {
        '200': components['schemas']['Readiness'];
        '503': components['schemas']['Readiness'];
      };
    };
  };
}
