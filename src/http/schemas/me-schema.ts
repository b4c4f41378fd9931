import { Type } from 'typebox';

export const MeSchema = Type.Object(
  {
    workspace: Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String() }),
    key: Type.Object({ id: Type.Integer(), kind: Type.Enum(['admin', 'write']) }),
  },
  { title: 'Me' },
);
