package dev.berth.engine.stack;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An implementation of a wide interface from an object that declares only the methods a test needs: each call
 * goes to the implementation's method of the same name and parameter types, and any other call fails with
 * "not faked". The implementation's methods are checked when the fake is made, so a method whose signature has
 * drifted from the interface fails at once instead of never being called.
 */
final class PartialFake {
  private PartialFake() {}

  static <T> T of(Class<T> type, Object implementation) {
    Map<Method, Method> targets = new HashMap<>();
    for (Method m : implementation.getClass().getDeclaredMethods()) {
      if (m.isSynthetic() || Modifier.isStatic(m.getModifiers()) || Modifier.isPrivate(m.getModifiers())) continue;
      try {
        Method declared = type.getMethod(m.getName(), m.getParameterTypes());
        m.setAccessible(true);
        targets.put(declared, m);
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(implementation.getClass().getName() + "." + m.getName()
            + Arrays.toString(m.getParameterTypes()) + " matches no method of " + type.getSimpleName());
      }
    }
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
      Method target = targets.get(method);
      if (target != null) {
        try {
          return target.invoke(implementation, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
      if (method.getDeclaringClass() == Object.class) return method.invoke(implementation, args);
      throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName()
          + " is not faked: the converger should not need it");
    });
    return type.cast(proxy);
  }
}
