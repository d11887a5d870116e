import type { UserEntity } from './user.entity';

/** A user as the API shows it (and as it is cached). */
export interface UserView {
  id: number;
  name: string;
  email: string;
  age: number | null;
  city: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The API view of a row; field order is fixed so cached JSON is stable. */
export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    age: user.age,
    city: user.city,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    version: user.version,
  };
}
